package io.storyreel.core.provider;

/** Cost of one clip before it is made: provider units (Kling units, MiniMax USD) and USD. */
public record CostEstimate(double units, String unitName, double usd) {
    public CostEstimate plus(CostEstimate o) {
        return new CostEstimate(units + o.units, unitName, usd + o.usd);
    }
}
