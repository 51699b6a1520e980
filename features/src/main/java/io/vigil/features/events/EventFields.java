package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FieldType;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Reads a field of a decoded {@link Event} by its path, through the spec's layout. */
public final class EventFields {

    /** Separates the parts of a composite key (a character no identifier contains). */
    public static final char KEY_SEPARATOR = '\u001f';

    private EventFields() {}

    /**
     * @throws IllegalArgumentException for a field the spec does not use or that is not a number
     */
    public static ToDoubleFunction<Event> numeric(EventLayout layout, String path) {
        EventLayout.Slot slot = layout.slot(path);
        if (!slot.number()) {
            throw new IllegalArgumentException("'" + path + "' is not a number");
        }
        int index = slot.index();
        return e -> e.numbers[index];
    }

    /**
     * Any used field as text (null when absent); numbers as the shortest text that reads back, a
     * list's items joined by commas.
     */
    public static Function<Event, String> text(EventLayout layout, String path) {
        EventLayout.Slot slot = layout.slot(path);
        int index = slot.index();
        if (slot.type() == FieldType.TEXT_LIST) {
            return e -> e.texts[index] == null ? null : e.texts[index].replace(KEY_SEPARATOR, ',');
        }
        if (!slot.number()) {
            return e -> e.texts[index];
        }
        return e -> format(e.numbers[index]);
    }

    /**
     * A list field's items (empty when the list is, or the field is absent).
     *
     * @throws IllegalArgumentException for a field the spec does not use or that is not a list
     */
    public static Function<Event, List<String>> items(EventLayout layout, String path) {
        EventLayout.Slot slot = layout.slot(path);
        if (slot.type() != FieldType.TEXT_LIST) {
            throw new IllegalArgumentException("'" + path + "' is not a list");
        }
        int index = slot.index();
        String separator = String.valueOf(KEY_SEPARATOR);
        return e -> {
            String joined = e.texts[index];
            return joined == null || joined.isEmpty()
                    ? List.of()
                    : List.of(joined.split(separator, -1));
        };
    }

    /**
     * The key of an entity keyed by {@code paths}: the field's text, or the parts joined by {@link
     * #KEY_SEPARATOR}; null when any part is absent.
     */
    public static Function<Event, String> key(EventLayout layout, List<String> paths) {
        if (paths.size() == 1) {
            return text(layout, paths.get(0));
        }
        List<Function<Event, String>> parts = paths.stream().map(p -> text(layout, p)).toList();
        return e -> {
            StringBuilder key = new StringBuilder();
            for (Function<Event, String> part : parts) {
                String value = part.apply(e);
                if (value == null) {
                    return null;
                }
                if (key.length() > 0) {
                    key.append(KEY_SEPARATOR);
                }
                key.append(value);
            }
            return key.toString();
        };
    }

    /** A number as text: integers without a fraction ({@code 5411}, not {@code 5411.0}). */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
