package io.vigil.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.config.JobArguments;
import io.vigil.jobs.config.ScoringJobConfig;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The shape of the scoring job's graph: which operators share a task (and so a thread). */
class ScoringJobGraphTest {

    private static List<String> taskNames() {
        Configuration arguments =
                JobArguments.toConfiguration(
                        new String[] {
                            "--vigil.kafka.bootstrap-servers=127.0.0.1:9092",
                            "--vigil.model.path=file:///m.onnx",
                            "--vigil.model.manifest=file:///m.yaml",
                            "--vigil.entity-key.secret=0123456789abcdef0123"
                        });
        ScoringJobConfig config = ScoringJobConfig.fromConfiguration(arguments);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        config.flinkConfiguration(arguments));
        new ScoringJob(config).addTo(env);
        Iterable<JobVertex> vertices = env.getStreamGraph().getJobGraph().getVertices();
        return StreamSupport.stream(vertices.spliterator(), false).map(JobVertex::getName).toList();
    }

    @Test
    void theScoringAndThePredictionsSinkRunInTheLastEntityStagesTask() {
        List<String> tasks = taskNames();

        assertThat(tasks)
                .as("one task per entity stage of the bundled spec, the last with the scoring")
                .anySatisfy(name -> assertThat(name).startsWith("card features"))
                .anySatisfy(name -> assertThat(name).startsWith("merchant features"))
                .anySatisfy(
                        name ->
                                assertThat(name)
                                        .startsWith("device features")
                                        .contains("score")
                                        .contains("predictions"));
        assertThat(tasks).noneSatisfy(name -> assertThat(name).startsWith("score"));
    }
}
