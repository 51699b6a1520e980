package io.vigil.features.spec;

import java.io.Serializable;
import java.util.Set;

/**
 * Which events a feature counts: those whose {@code field} has one of {@code values} (e.g. channel
 * in [CARD_PRESENT, CONTACTLESS]).
 */
public record EventFilter(String field, Set<String> values) implements Serializable {}
