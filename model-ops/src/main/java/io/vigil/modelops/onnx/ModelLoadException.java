package io.vigil.modelops.onnx;

/** A model that cannot serve: unreadable, or not matching its manifest. The message says why. */
public final class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
