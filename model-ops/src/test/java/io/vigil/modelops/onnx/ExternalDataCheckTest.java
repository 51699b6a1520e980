package io.vigil.modelops.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.modelops.testutils.OnnxGraphs;
import io.vigil.modelops.testutils.TestModels;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalDataCheckTest {

    @Test
    void findsExternalInitializers() {
        assertThat(ExternalDataCheck.referencesExternalData(OnnxGraphs.withExternalData(3)))
                .isTrue();
    }

    @Test
    void selfContainedModelsPass() {
        assertThat(ExternalDataCheck.referencesExternalData(OnnxGraphs.dividesInputByItself(3)))
                .isFalse();
        assertThat(ExternalDataCheck.referencesExternalData(TestModels.logisticRegression().onnx()))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SklearnLogitisticRegressionBinary.model.onnx",
                "SklearnBinRandomForestClassifier.model.onnx",
                "pipeline_xgboost.onnx",
                "pipeline_titanic_nozipmap.onnx"
            })
    void realExportsPass(String file) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/conformance/" + file)) {
            assertThat(ExternalDataCheck.referencesExternalData(in.readAllBytes())).isFalse();
        }
    }

    @Test
    void garbageIsLeftToOnnxRuntime() {
        assertThat(
                        ExternalDataCheck.referencesExternalData(
                                new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}))
                .isFalse();
    }
}
