package io.vigil.features.spec;

import java.io.Serializable;
import java.util.Set;

/**
 * What a field of a valid event must satisfy; an event that breaks a rule is dead-lettered with a
 * reason naming the field.
 *
 * @param field the field's path
 * @param required the field must be present (text: not blank)
 * @param min smallest allowed number, or null
 * @param max largest allowed number, or null
 * @param maxLength most characters allowed in text, or null
 * @param allowed the only values allowed, or empty for any
 * @param line line of the rule in the spec file
 */
public record ValidationRule(
        String field,
        boolean required,
        Double min,
        Double max,
        Integer maxLength,
        Set<String> allowed,
        int line)
        implements Serializable {}
