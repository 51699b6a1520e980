package io.vigil.modelops.monitoring;

import io.vigil.features.spec.SegmentDeclaration;
import io.vigil.schemas.Prediction;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Which value of each declared segment a prediction belongs to, read from the event fields it
 * carries: the field's text for a categorical segment, the band (e.g. {@code [50, 500)}) for a
 * banded one; {@value #MISSING} when the event lacked the field, {@value #INVALID} when a banded
 * field is not a number, {@value #TOO_LONG} for a value over {@value #MAX_LENGTH} characters (a
 * segment value is kept in monitoring state and output: a hostile field must not grow them).
 */
public final class Segmenter implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String MISSING = "(missing)";
    public static final String INVALID = "(not a number)";
    public static final String TOO_LONG = "(too long)";
    public static final int MAX_LENGTH = 64;

    private final List<SegmentDeclaration> segments;

    public Segmenter(List<SegmentDeclaration> segments) {
        this.segments = List.copyOf(segments);
    }

    /** The declared segments' names, in declaration order. */
    public String[] names() {
        return segments.stream().map(SegmentDeclaration::name).toArray(String[]::new);
    }

    /** {@code prediction}'s value of each segment, in declaration order. */
    public String[] valuesOf(Prediction prediction) {
        return valuesOf(prediction.getEventFields());
    }

    /** The value of each segment for these event fields (by path; null for none), in order. */
    public String[] valuesOf(Map<String, String> fields) {
        String[] values = new String[segments.size()];
        for (int i = 0; i < values.length; i++) {
            SegmentDeclaration segment = segments.get(i);
            String raw = fields == null ? null : fields.get(segment.field());
            values[i] =
                    raw == null
                            ? MISSING
                            : segment.banded()
                                    ? band(segment, raw)
                                    : raw.length() > MAX_LENGTH ? TOO_LONG : raw;
        }
        return values;
    }

    private static String band(SegmentDeclaration segment, String raw) {
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            return INVALID;
        }
        if (Double.isNaN(value)) {
            return INVALID;
        }
        List<Double> edges = segment.bands();
        int band = 0;
        while (band < edges.size() && value >= edges.get(band)) {
            band++;
        }
        String lower = band == 0 ? "-inf" : trim(edges.get(band - 1));
        String upper = band == edges.size() ? "inf" : trim(edges.get(band));
        return "[" + lower + ", " + upper + ")";
    }

    private static String trim(double edge) {
        return edge == Math.rint(edge) ? Long.toString((long) edge) : Double.toString(edge);
    }
}
