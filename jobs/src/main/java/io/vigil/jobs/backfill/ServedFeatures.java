package io.vigil.jobs.backfill;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.features.serialization.FeatureTypes;
import io.vigil.schemas.Prediction;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * The feature vector a prediction was served with, in a fixed column order, from or after a given
 * event time (and of one model when given), with its text features and the event fields it carried.
 * A prediction that lacks one of the columns (served under another spec) is left out.
 */
final class ServedFeatures
        implements FlatMapFunction<Prediction, FeaturizedEvent>,
                ResultTypeQueryable<FeaturizedEvent> {

    @Override
    public TypeInformation<FeaturizedEvent> getProducedType() {
        return FeatureTypes.FEATURIZED_EVENT;
    }

    private static final long serialVersionUID = 1L;

    private final List<String> columns;
    private final List<String> textColumns;
    private final List<String> carriedFields;
    private final long sinceMillis;
    private final String model;

    /**
     * @param model only predictions of this model; null for all
     */
    ServedFeatures(
            List<String> columns,
            List<String> textColumns,
            List<String> carriedFields,
            long sinceMillis,
            String model) {
        this.columns = List.copyOf(columns);
        this.textColumns = List.copyOf(textColumns);
        this.carriedFields = List.copyOf(carriedFields);
        this.sinceMillis = sinceMillis;
        this.model = model;
    }

    @Override
    public void flatMap(Prediction prediction, Collector<FeaturizedEvent> out) {
        long eventTime = prediction.getEventTime().toEpochMilli();
        if (eventTime < sinceMillis || model != null && !model.equals(prediction.getModelName())) {
            return;
        }
        Map<String, Double> served = prediction.getFeatures();
        double[] features = new double[columns.size()];
        for (int i = 0; i < features.length; i++) {
            Double value = served.get(columns.get(i));
            if (value == null) {
                return;
            }
            features[i] = value;
        }
        String[] texts = FeaturizedEvent.NO_TEXT;
        if (!textColumns.isEmpty()) {
            Map<String, String> servedTexts = prediction.getTextFeatures();
            if (servedTexts == null || !servedTexts.keySet().containsAll(textColumns)) {
                return;
            }
            texts = textColumns.stream().map(servedTexts::get).toArray(String[]::new);
        }
        FeaturizedEvent event =
                new FeaturizedEvent(
                        prediction.getTransactionId(),
                        prediction.getEntityKey(),
                        eventTime,
                        0,
                        prediction.getAmount() == null ? Double.NaN : prediction.getAmount(),
                        features);
        event.textFeatures = texts;
        Map<String, String> fields = prediction.getEventFields();
        event.carried =
                carriedFields.stream()
                        .map(f -> fields == null ? null : fields.get(f))
                        .toArray(String[]::new);
        out.collect(event);
    }
}
