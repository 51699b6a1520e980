package io.vigil.features.events;

import io.vigil.features.spec.EventDeclaration;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.ValidationRule;
import java.util.List;

/**
 * Checks a parsed event against the declaration's rules, in declaration order; the first broken
 * rule is the rejection. Reasons name the field and the rule, and quote only numbers (never text,
 * which may be sensitive). Flink-free.
 */
final class EventValidator {

    private final List<Check> checks;

    EventValidator(EventDeclaration events, EventLayout layout) {
        this.checks =
                events.rules().stream()
                        .map(
                                r ->
                                        new Check(
                                                r,
                                                layout.slot(r.field()),
                                                r.field().equals(events.amountField())))
                        .toList();
    }

    private record Check(ValidationRule rule, EventLayout.Slot slot, boolean amount) {}

    /**
     * @throws EventRejection for the first rule {@code e} breaks
     */
    void check(Event e) throws EventRejection {
        for (Check check : checks) {
            if (check.slot().number()) {
                number(check, e.numbers[check.slot().index()]);
            } else {
                text(check, e.texts[check.slot().index()]);
            }
        }
    }

    private static void number(Check check, double value) throws EventRejection {
        ValidationRule rule = check.rule();
        if (Double.isNaN(value)) {
            if (rule.required()) {
                throw missing(rule);
            }
            return;
        }
        if (rule.min() != null && value < rule.min()) {
            throw invalid(check, "is " + value + ", below the minimum " + rule.min());
        }
        if (rule.max() != null && value > rule.max()) {
            throw invalid(check, "is " + value + ", above the maximum " + rule.max());
        }
        if (!rule.allowed().isEmpty() && !rule.allowed().contains(EventFields.format(value))) {
            throw invalid(check, "is " + value + ", not one of " + rule.allowed());
        }
    }

    private static void text(Check check, String value) throws EventRejection {
        ValidationRule rule = check.rule();
        if (value == null || value.isBlank()) {
            if (rule.required()) {
                throw missing(rule);
            }
            return;
        }
        if (rule.maxLength() != null && value.length() > rule.maxLength()) {
            throw invalid(check, "is longer than " + rule.maxLength() + " characters");
        }
        if (!rule.allowed().isEmpty() && !rule.allowed().contains(value)) {
            throw invalid(check, "is not one of the allowed values " + rule.allowed());
        }
    }

    private static EventRejection missing(ValidationRule rule) {
        return new EventRejection(
                RejectionReason.MISSING_FIELD, "required field " + rule.field() + " is empty");
    }

    private static EventRejection invalid(Check check, String what) {
        return new EventRejection(
                check.amount() ? RejectionReason.INVALID_AMOUNT : RejectionReason.INVALID_FIELD,
                check.rule().field() + " " + what);
    }
}
