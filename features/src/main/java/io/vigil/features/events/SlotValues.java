package io.vigil.features.events;

import io.vigil.features.spec.EventLayout;

/** Writes a parsed value into its slot of an event, the same way for every wire format. */
final class SlotValues {

    private final String amountField;

    /**
     * @param amountField the declared amount field (its faults are {@link
     *     RejectionReason#INVALID_AMOUNT}), or null
     */
    SlotValues(String amountField) {
        this.amountField = amountField;
    }

    void number(Event e, EventLayout.Slot slot, double value) throws EventRejection {
        if (!Double.isFinite(value)) {
            throw new EventRejection(
                    slot.path().equals(amountField)
                            ? RejectionReason.INVALID_AMOUNT
                            : RejectionReason.INVALID_FIELD,
                    "'" + slot.path() + "' is not a finite number");
        }
        if (slot.number()) {
            e.numbers[slot.index()] = value;
        } else {
            e.texts[slot.index()] = EventFields.format(value);
        }
    }

    void text(Event e, EventLayout.Slot slot, String value) {
        e.texts[slot.index()] = value;
    }
}
