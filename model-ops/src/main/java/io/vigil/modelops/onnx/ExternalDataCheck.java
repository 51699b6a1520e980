package io.vigil.modelops.onnx;

/**
 * Finds tensors an ONNX model keeps in external data files, by walking the model's protobuf
 * (ModelProto.graph, GraphProto initializers and node attributes, subgraphs included). A registry
 * ships one file per model: weights elsewhere would be read from whatever file of that name the
 * TaskManager happens to have, so such a model is refused before ONNX Runtime sees it.
 */
final class ExternalDataCheck {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    private static final int EXTERNAL = 1;

    private ExternalDataCheck() {}

    /**
     * True if some tensor of the model lives in an external file; false for malformed bytes (ONNX
     * Runtime judges those).
     */
    static boolean referencesExternalData(byte[] model) {
        try {
            return scan(model, 0, model.length, Message.MODEL);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private enum Message {
        MODEL,
        GRAPH,
        NODE,
        ATTRIBUTE,
        TENSOR,
        SPARSE_TENSOR
    }

    private static boolean scan(byte[] b, int start, int end, Message message) {
        int[] pos = {start};
        while (pos[0] < end) {
            long key = varint(b, pos);
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            switch (type) {
                case VARINT -> {
                    long value = varint(b, pos);
                    if (message == Message.TENSOR && field == 14 && value == EXTERNAL) {
                        return true;
                    }
                }
                case FIXED64 -> pos[0] += 8;
                case FIXED32 -> pos[0] += 4;
                case LENGTH_DELIMITED -> {
                    int length = (int) varint(b, pos);
                    int from = pos[0];
                    pos[0] += length;
                    if (message == Message.TENSOR && field == 13) {
                        return true; // external_data entries
                    }
                    Message child = child(message, field);
                    if (child != null && scan(b, from, from + length, child)) {
                        return true;
                    }
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + type);
            }
        }
        return false;
    }

    /** Which nested messages can hold tensors (field numbers from onnx.proto). */
    private static Message child(Message parent, int field) {
        return switch (parent) {
            case MODEL -> field == 7 ? Message.GRAPH : null;
            case GRAPH ->
                    field == 1
                            ? Message.NODE
                            : field == 5
                                    ? Message.TENSOR
                                    : field == 15 ? Message.SPARSE_TENSOR : null;
            case NODE -> field == 5 ? Message.ATTRIBUTE : null;
            case ATTRIBUTE ->
                    field == 5 || field == 10
                            ? Message.TENSOR
                            : field == 6 || field == 11 ? Message.GRAPH : null;
            case SPARSE_TENSOR -> field == 1 || field == 2 ? Message.TENSOR : null;
            case TENSOR -> null;
        };
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte next = b[pos[0]++];
            result |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
