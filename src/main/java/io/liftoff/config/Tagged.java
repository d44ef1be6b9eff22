package io.liftoff.config;

/**
 * A value written with a local YAML tag ({@code !loguniform [1e-5, 0.1]}), as read from a grid's
 * config file: the tag without its {@code !}, and the value under it (a list, a mapping or a text).
 * Only grid files may hold such values; the grid decides what each tag means.
 */
public record Tagged(String tag, Object value) {
    /** The first tagged value anywhere inside {@code value} (lists and mappings are searched), or null. */
    public static Tagged find(Object value) {
        if (value instanceof Tagged) {
            return (Tagged) value;
        }
        if (value instanceof Iterable) {
            for (Object item : (Iterable<?>) value) {
                Tagged found = find(item);
                if (found != null) {
                    return found;
                }
            }
        }
        if (value instanceof java.util.Map) {
            return find(((java.util.Map<?, ?>) value).values());
        }
        return null;
    }
}
