package io.vigil.features.spec;

import io.vigil.schemas.codec.WireFormat;
import java.io.Serializable;
import java.util.Set;

/**
 * The user's labels (chargebacks, confirmed fraud, clicks): the {@code labels} section of a spec
 * (format in docs/events.md). Without one, labels are Vigil's {@code TransactionLabel} records.
 *
 * @param schemaLocation where the labels' Avro schema was read from
 * @param idField the field holding the id of the labelled event (the events' {@code id})
 * @param labelField the field saying whether the event was positive (fraud, a click)
 * @param positive the label field's values that mean positive, as text (a boolean field: {@code
 *     true})
 * @param timeField when the label became known (timestamp, epoch milliseconds or ISO-8601 text), or
 *     null to take the record's Kafka timestamp
 * @param patternField a text field naming the kind of positive (e.g. a fraud pattern), or null
 * @param amountField a numeric field stating the amount at stake (e.g. a chargeback's amount), or
 *     null to take the prediction's
 * @param format how label records are encoded on the topic and in files: Avro binary with the
 *     declared schema, or JSON
 */
public record LabelDeclaration(
        String schemaLocation,
        String idField,
        String labelField,
        Set<String> positive,
        String timeField,
        String patternField,
        String amountField,
        WireFormat format)
        implements Serializable {}
