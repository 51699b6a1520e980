package io.vigil.modelops.explain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.vigil.modelops.manifest.FeatureInput;
import io.vigil.modelops.manifest.ModelInput;
import io.vigil.modelops.manifest.ModelManifest;
import io.vigil.modelops.manifest.ModelOutput;
import io.vigil.modelops.manifest.ReasonCodes;
import io.vigil.modelops.onnx.ModelLoadException;
import io.vigil.modelops.testutils.OnnxGraphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What TreeSHAP refuses to explain; its values against XGBoost's own are checked where Vigil's
 * XGBoost export is made (the retrainer's {@code XGBoostOnnxConverterTest}).
 */
class TreeShapExplainerTest {

    private static final List<String> FEATURES = List.of("a", "b");

    @Test
    void aModelWithoutATreeEnsembleIsRefusedNamingWhatIsMissing() {
        assertThatThrownBy(
                        () ->
                                Explainer.of(
                                        manifest(),
                                        FEATURES,
                                        OnnxGraphs.logistic(new float[] {1f, 2f}, 0f)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no TreeEnsembleClassifier or TreeEnsembleRegressor");
    }

    @Test
    void bytesThatAreNoModelAreRefused() {
        assertThatThrownBy(() -> Explainer.of(manifest(), FEATURES, new byte[] {1, 2, 3}))
                .isInstanceOf(ModelLoadException.class);
    }

    @Test
    void aHostileTreeWhoseNodeIsItsOwnChildIsRefusedNotWalked() {
        // Node 0 branches to itself both ways: a walk would never end.
        OnnxMl.NodeProto ensemble =
                OnnxMl.NodeProto.newBuilder()
                        .setOpType("TreeEnsembleClassifier")
                        .setDomain("ai.onnx.ml")
                        .addAttribute(ints("nodes_treeids", 0))
                        .addAttribute(ints("nodes_nodeids", 0))
                        .addAttribute(ints("nodes_featureids", 0))
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("nodes_values")
                                        .addFloats(1f))
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("nodes_modes")
                                        .addStrings(ByteString.copyFromUtf8("BRANCH_LT")))
                        .addAttribute(ints("nodes_truenodeids", 0))
                        .addAttribute(ints("nodes_falsenodeids", 0))
                        .addAttribute(ints("class_treeids", 0))
                        .addAttribute(ints("class_nodeids", 0))
                        .addAttribute(ints("class_ids", 0))
                        .addAttribute(
                                OnnxMl.AttributeProto.newBuilder()
                                        .setName("class_weights")
                                        .addFloats(1f))
                        .build();
        byte[] onnx =
                OnnxMl.ModelProto.newBuilder()
                        .addMetadataProps(
                                OnnxMl.StringStringEntryProto.newBuilder()
                                        .setKey(TreeEnsemble.COVERS)
                                        .setValue("10"))
                        .setGraph(OnnxMl.GraphProto.newBuilder().addNode(ensemble))
                        .build()
                        .toByteArray();

        assertThatThrownBy(() -> Explainer.of(manifest(), FEATURES, onnx))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("a node reached twice");
    }

    private static OnnxMl.AttributeProto ints(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).addInts(value).build();
    }

    private static ModelManifest manifest() {
        return new ModelManifest(
                "trees",
                "1",
                0.5,
                List.of(
                        new ModelInput(
                                "input",
                                FEATURES.stream().map(f -> new FeatureInput(f, null)).toList())),
                new ModelOutput("output", "1"),
                Map.of(),
                Map.of(),
                null,
                null,
                ReasonCodes.treeShap());
    }
}
