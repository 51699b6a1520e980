package io.vigil.retrainer;

import io.vigil.jobs.config.JobArguments;
import io.vigil.jobs.local.LocalFlink;
import io.vigil.schemas.codec.AvroLimits;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the retrainer where the jobs run (a Kubernetes Deployment beside the Flink jobs,
 * {@code k8s/base/retrainer.yaml}): {@code java -cp "/opt/flink/lib/*:vigil-retrainer.jar"
 * io.vigil.retrainer.RetrainerMain --vigil.kafka.bootstrap-servers ... --vigil.registry.store ...}.
 * Takes the same {@code --key value} options as the jobs; a configuration mistake ends it with
 * status 2 and one line saying what to change.
 */
public final class RetrainerMain {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainerMain.class);

    private RetrainerMain() {}

    public static void main(String[] args) throws Exception {
        AvroLimits.install();
        RetrainerConfig config;
        Configuration arguments;
        try {
            arguments = JobArguments.toConfiguration(args);
            config = RetrainerConfig.fromConfiguration(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil retrainer: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The artifact store may be on s3://: Flink's file system plugins (FLINK_PLUGINS_DIR), as
        // in a job.
        FileSystem.initialize(arguments, PluginUtils.createPluginManagerFromRootFolder(arguments));
        new RetrainerService(config, LocalFlink.configuration(arguments), LOG::info).run();
    }
}
