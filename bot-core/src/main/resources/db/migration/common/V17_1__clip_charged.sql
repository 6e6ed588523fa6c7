-- Costs that add up (issue 15): what the provider actually charged for each clip attempt, in dollars, from its own
-- figure where it reports one (Kling final_unit_deduction, Runway credits; actual_units holds the units) and from the
-- catalogue price otherwise. A task the provider reports as failed costs what it says (Kling "0"), or nothing. NULL:
-- not known yet, or not known at all (an ambiguous submit): the estimate stands in. The film's caption, /history and
-- the operator's spend figures all read this one ledger.
ALTER TABLE clip ADD COLUMN charged_usd DOUBLE PRECISION;
