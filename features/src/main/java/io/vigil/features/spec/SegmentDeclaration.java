package io.vigil.features.spec;

import java.io.Serializable;
import java.util.List;

/**
 * A group of events whose decisions are judged on their own, against the whole population (fairness
 * by segment): the events that share a value of a categorical field ({@code country}, {@code
 * channel}), or whose numeric field falls in the same band ({@code amount} below 50, 50 to 500, 500
 * and above). The field is carried with every prediction, so MonitoringJob can read it.
 *
 * @param name the segment's name in the monitoring output
 * @param field path of the event field it reads
 * @param bands for a numeric field, the strictly increasing band edges (a value equal to an edge
 *     falls in the band above it); empty for a categorical field
 */
public record SegmentDeclaration(String name, String field, List<Double> bands)
        implements Serializable {

    public SegmentDeclaration {
        bands = List.copyOf(bands);
    }

    /** Whether the segment bands a numeric field. */
    public boolean banded() {
        return !bands.isEmpty();
    }
}
