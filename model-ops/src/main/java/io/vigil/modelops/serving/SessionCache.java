package io.vigil.modelops.serving;

import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.onnx.OnnxModel;
import java.util.HashMap;
import java.util.Map;

/**
 * ONNX Runtime sessions shared by every scoring subtask of this JVM (a TaskManager), one per model
 * digest, reference-counted. A session is closed when its last lease is released; a lease is
 * released only by the thread that scores with it, after its last run, so a session is never closed
 * while a run is in flight (that crashes the JVM).
 */
public final class SessionCache {

    private static final Map<String, Entry> SESSIONS = new HashMap<>();

    private SessionCache() {}

    /** Loads bytes into a new session. */
    @FunctionalInterface
    public interface Loader {
        OnnxModel load() throws ModelLoadException;
    }

    /** A share of one session; {@link #release()} exactly once. */
    public static final class Lease {
        private final String digest;
        private final OnnxModel model;
        private boolean released;

        private Lease(String digest, OnnxModel model) {
            this.digest = digest;
            this.model = model;
        }

        public OnnxModel model() {
            return model;
        }

        public void release() {
            synchronized (SESSIONS) {
                if (released) {
                    return;
                }
                released = true;
                Entry entry = SESSIONS.get(digest);
                if (entry != null && --entry.leases == 0) {
                    SESSIONS.remove(digest);
                    entry.model.close();
                }
            }
        }
    }

    /** The session of {@code digest}, loading it with {@code loader} if no subtask holds it. */
    public static Lease acquire(String digest, Loader loader) throws ModelLoadException {
        synchronized (SESSIONS) {
            Entry entry = SESSIONS.get(digest);
            if (entry == null) {
                entry = new Entry(loader.load());
                SESSIONS.put(digest, entry);
            }
            entry.leases++;
            return new Lease(digest, entry.model);
        }
    }

    /** Sessions open now (for tests and metrics). */
    public static int openSessions() {
        synchronized (SESSIONS) {
            return SESSIONS.size();
        }
    }

    private static final class Entry {
        final OnnxModel model;
        int leases;

        Entry(OnnxModel model) {
            this.model = model;
        }
    }
}
