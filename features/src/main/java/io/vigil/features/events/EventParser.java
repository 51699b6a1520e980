package io.vigil.features.events;

/** Extracts the fields a spec uses from one encoded record into an event's slots. */
interface EventParser {

    /**
     * Fills {@code into}'s slots from {@code bytes}; fields absent from the record stay absent.
     *
     * @throws EventRejection when the bytes are not a record of the schema in this format
     */
    void parse(byte[] bytes, Event into) throws EventRejection;
}
