package io.vigil.features.serialization;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How a record serializer writes its strings (null allowed): part of the state format, see {@link
 * StringFormatSnapshot}.
 */
enum StringFormat {
    /** Flink's {@code StringValue}: the first format, still read from old state. */
    FLINK {
        @Override
        void write(String s, DataOutputView out) throws IOException {
            StringValue.writeString(s, out);
        }

        @Override
        String read(DataInputView in) throws IOException {
            return StringValue.readString(in);
        }
    },
    /** UTF-8 with a varint length ({@link CompactFields}). */
    COMPACT {
        @Override
        void write(String s, DataOutputView out) throws IOException {
            CompactFields.writeString(s, out);
        }

        @Override
        String read(DataInputView in) throws IOException {
            return CompactFields.readString(in);
        }
    };

    abstract void write(String s, DataOutputView out) throws IOException;

    abstract String read(DataInputView in) throws IOException;
}
