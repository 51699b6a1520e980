package io.vigil.features.spec;

import java.util.List;

/** A spec with mistakes; the message lists each as {@code file:line: what is wrong}. */
public final class FeatureSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public FeatureSpecException(List<String> problems) {
        super("invalid feature spec:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
