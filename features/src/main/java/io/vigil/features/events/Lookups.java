package io.vigil.features.events;

import io.vigil.features.lookup.LookupFile;
import io.vigil.features.spec.EventLayout;
import io.vigil.features.spec.FeatureSpec;
import io.vigil.features.spec.LookupDeclaration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches events from a spec's reference tables: the row whose key equals the event's {@code on}
 * field fills the event's {@code <table>.<column>} fields (absent when no row matches or the cell
 * is empty; a number that does not parse is absent). Each table is loaded when this is created and
 * reloaded when its file's modification time changes, checked at most once per its {@code reload}
 * interval; a new version that cannot be read is logged and the table in use is kept. Not
 * thread-safe (one per decoding instance).
 */
final class Lookups {

    private static final Logger LOG = LoggerFactory.getLogger(Lookups.class);

    private final List<Table> tables = new ArrayList<>();

    /**
     * @throws IllegalArgumentException when a table cannot be read at start, saying why
     */
    Lookups(FeatureSpec spec) {
        for (LookupDeclaration lookup : spec.lookups()) {
            tables.add(new Table(lookup, spec.layout()));
        }
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Fills {@code e}'s table fields, reloading a table whose file changed. */
    void enrich(Event e, long now) {
        for (Table table : tables) {
            table.refreshIfDue(now);
            table.enrich(e);
        }
    }

    private static final class Table {
        private final LookupDeclaration lookup;
        private final Function<Event, String> key;
        private final EventLayout.Slot[] slots;
        private final List<String> columns;
        private Map<String, String[]> rows;
        private long modified;
        private long nextCheck;

        Table(LookupDeclaration lookup, EventLayout layout) {
            this.lookup = lookup;
            this.key = EventFields.text(layout, lookup.on());
            this.columns = List.copyOf(lookup.columns().keySet());
            this.slots =
                    columns.stream()
                            .map(column -> slotOrNull(layout, lookup.fieldOf(column)))
                            .toArray(EventLayout.Slot[]::new);
            try {
                this.modified = LookupFile.modificationTime(lookup.location());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "lookup '" + lookup.name() + "': cannot read " + lookup.location(), e);
            }
            this.rows = LookupFile.rows(lookup.location(), lookup.key(), columns);
            LOG.info("Lookup '{}': {} rows from {}", lookup.name(), rows.size(), lookup.location());
        }

        /** The slot of a column the spec reads; null for a declared column nothing reads. */
        private static EventLayout.Slot slotOrNull(EventLayout layout, String field) {
            return layout.slots().stream()
                    .filter(s -> s.path().equals(field))
                    .findFirst()
                    .orElse(null);
        }

        void refreshIfDue(long now) {
            if (now < nextCheck) {
                return;
            }
            nextCheck = now + lookup.reload().toMillis();
            try {
                long current = LookupFile.modificationTime(lookup.location());
                if (current != modified) {
                    rows = LookupFile.rows(lookup.location(), lookup.key(), columns);
                    modified = current;
                    LOG.info(
                            "Lookup '{}' reloaded: {} rows from {}",
                            lookup.name(),
                            rows.size(),
                            lookup.location());
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn(
                        "Lookup '{}' keeps its {} rows: the new version of {} cannot be read: {}",
                        lookup.name(),
                        rows.size(),
                        lookup.location(),
                        e.getMessage());
            }
        }

        void enrich(Event e) {
            String k = key.apply(e);
            String[] row = k == null ? null : rows.get(k);
            for (int i = 0; i < slots.length; i++) {
                EventLayout.Slot slot = slots[i];
                if (slot == null) {
                    continue;
                }
                String value = row == null ? null : row[i];
                if (slot.number()) {
                    e.numbers[slot.index()] = number(value);
                } else {
                    e.texts[slot.index()] = value;
                }
            }
        }

        private static double number(String value) {
            if (value == null) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
