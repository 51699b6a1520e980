package io.vigil.features.events;

import io.vigil.features.spec.EventDeclaration;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FieldType;
import io.vigil.features.spec.ValidationRule;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a parsed event against the declaration's rules, in declaration order, then against the
 * bounds every field the spec uses has whatever is declared: a number's magnitude at most {@link
 * #MAX_MAGNITUDE} (an amount of 1e200 would overflow the sum of squares and make a standard
 * deviation NaN for the whole window) and a text at most {@link #MAX_TEXT_LENGTH} characters
 * ({@link #MAX_LIST_LENGTH} for a list), unless a rule declares its own {@code max_length} (the
 * bound on what one event can add to an entity's state). The first broken rule is the rejection.
 * Reasons name the field and the rule, and quote only numbers (never text, which may be sensitive).
 * Flink-free.
 */
final class EventValidator {

    /**
     * Largest magnitude of any number a spec uses: 2^53, the largest integer a double holds
     * exactly. Squares of a month of such values still sum far below overflow.
     */
    static final double MAX_MAGNITUDE = 0x1p53;

    /** Most characters of a text field without a declared {@code max_length}. */
    static final int MAX_TEXT_LENGTH = 1024;

    /** Most characters of a list field (its items together) without a declared one. */
    static final int MAX_LIST_LENGTH = 16 * MAX_TEXT_LENGTH;

    private final List<Check> checks;
    private final List<Check> bounds;

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
        Set<String> declaredLength =
                events.rules().stream()
                        .filter(r -> r.maxLength() != null)
                        .map(ValidationRule::field)
                        .collect(Collectors.toSet());
        this.bounds =
                layout.slots().stream()
                        .filter(s -> s.number() || !declaredLength.contains(s.path()))
                        .map(s -> new Check(bound(s), s, s.path().equals(events.amountField())))
                        .toList();
    }

    /** The rule every field has unless declared otherwise. */
    private static ValidationRule bound(EventLayout.Slot slot) {
        if (slot.number()) {
            return new ValidationRule(
                    slot.path(), false, -MAX_MAGNITUDE, MAX_MAGNITUDE, null, Set.of(), 0);
        }
        int length = slot.type() == FieldType.TEXT_LIST ? MAX_LIST_LENGTH : MAX_TEXT_LENGTH;
        return new ValidationRule(slot.path(), false, null, null, length, Set.of(), 0);
    }

    private record Check(ValidationRule rule, EventLayout.Slot slot, boolean amount) {}

    /**
     * @throws EventRejection for the first rule {@code e} breaks
     */
    void check(Event e) throws EventRejection {
        check(e, checks);
        check(e, bounds);
    }

    private static void check(Event e, List<Check> checks) throws EventRejection {
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
