package io.storyreel.core.storybook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * An SQL {@code IN (?, ?, …)} list of enum values (states), bound as their names: the SQL names no state, so
 * renaming a state cannot leave a literal behind. Build the arguments with {@link #bind}.
 */
public record InList(List<String> values) {

    public InList {
        values = List.copyOf(values);
    }

    public static InList of(Collection<? extends Enum<?>> states) {
        return new InList(states.stream().map(Enum::name).toList());
    }

    /** {@code (?, ?, ?)}, one marker per value. */
    public String sql() {
        return "(" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")";
    }

    /** Statement arguments in order: an enum binds as its name, an {@link InList} as its values, anything else as is. */
    public static Object[] bind(Object... parts) {
        List<Object> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof InList in) {
                out.addAll(in.values());
            } else if (p instanceof Enum<?> e) {
                out.add(e.name());
            } else {
                out.add(p);
            }
        }
        return out.toArray();
    }
}
