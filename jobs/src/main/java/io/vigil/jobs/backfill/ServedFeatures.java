package io.vigil.jobs.backfill;

import io.vigil.features.engine.FeaturizedEvent;
import io.vigil.schemas.Prediction;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The feature vector a prediction was served with, in a fixed column order, from or after a given
 * event time (and of one model when given), with its text features, the event fields it carried and
 * what it said (scores, decider, shadow). A prediction that lacks one of the columns (served under
 * another spec) is left out.
 */
final class ServedFeatures implements FlatMapFunction<Prediction, TrainingRow> {

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
    public void flatMap(Prediction prediction, Collector<TrainingRow> out) {
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
        TrainingRow row = new TrainingRow(prediction.getTransactionId(), eventTime, features);
        row.textFeatures = texts;
        Map<String, String> fields = prediction.getEventFields();
        row.carried =
                carriedFields.stream()
                        .map(f -> fields == null ? null : fields.get(f))
                        .toArray(String[]::new);
        row.served = served(prediction);
        out.collect(row);
    }

    private static ServedScores served(Prediction prediction) {
        ServedScores served = new ServedScores();
        served.modelVersion = prediction.getModelVersion();
        served.servedBy = prediction.getServedBy();
        served.score = prediction.getScore();
        served.threshold = prediction.getThreshold();
        served.shadowVersion = prediction.getShadowModelVersion();
        served.shadowScore = number(prediction.getShadowScore());
        served.amount = number(prediction.getAmount());
        return served;
    }

    private static double number(Double value) {
        return value == null ? Double.NaN : value;
    }
}
