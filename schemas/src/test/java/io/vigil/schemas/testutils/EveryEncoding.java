package io.vigil.schemas.testutils;

import io.vigil.schemas.codec.SingleObjectEncoding;
import io.vigil.schemas.codec.WireFormat;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records encoded each way one may meet on a Vigil topic, in turn: Avro with its schema's header,
 * plain JSON, Avro's JSON encoding, and the bare Avro datum that releases before the header wrote.
 * A reader that accepts every format reads them all.
 */
public final class EveryEncoding {

    /** How many encodings {@link #inTurn} cycles through. */
    public static final int COUNT = 4;

    private EveryEncoding() {}

    /** {@code record} in encoding {@code n % COUNT}. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> byte[] inTurn(T record, int n) {
        Class<T> type = (Class<T>) record.getClass();
        return switch (n % COUNT) {
            case 0 -> WireFormat.AVRO.codec(type).encode(record);
            case 1 -> WireFormat.JSON.codec(type).encode(record);
            case 2 -> WireFormat.AVRO_JSON.codec(type).encode(record);
            default -> {
                byte[] framed = WireFormat.AVRO.codec(type).encode(record);
                yield Arrays.copyOfRange(framed, SingleObjectEncoding.HEADER_LENGTH, framed.length);
            }
        };
    }
}
