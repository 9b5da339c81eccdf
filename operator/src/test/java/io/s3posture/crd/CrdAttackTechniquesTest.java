package io.s3posture.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.control.AttackMapping;
import io.s3posture.control.Control;
import io.s3posture.control.ControlCatalog;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl explain} names the MITRE ATT&CK techniques of every control: the description of
 * its field ends with what its checks declare, mitigated techniques first ("MITRE ATT&CK: mitigates
 * T1485, T1486; detects T1530."), so the CRD and the control's registration never disagree.
 */
class CrdAttackTechniquesTest {

  private static final Map<String, String> GENERATED = CrdGenerator.generate();
  private static final ControlCatalog CATALOG = ControlCatalog.standard();

  static Stream<Control<?, ?, ?>> bucketControls() {
    return CATALOG.bucketControls().stream().map(c -> (Control<?, ?, ?>) c);
  }

  static Stream<Control<?, ?, ?>> accountControls() {
    return CATALOG.accountControls().stream().map(c -> (Control<?, ?, ?>) c);
  }

  @ParameterizedTest(name = "spec.controls.{0}")
  @MethodSource("bucketControls")
  void bucketControlDescriptionsNameTheirTechniques(Control<?, ?, ?> control) throws Exception {
    JsonNode spec = spec("s3posture.io_bucketpolicies.yaml");
    String description =
        spec.path("properties")
            .path("controls")
            .path("properties")
            .path(control.name().specName())
            .path("description")
            .asText();

    assertThat(description).endsWith(sentence(control));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accountControls")
  void accountControlDescriptionsNameTheirTechniques(Control<?, ?, ?> control) throws Exception {
    JsonNode spec = spec("s3posture.io_accountpolicies.yaml");
    String name = control.name().specName();
    JsonNode field =
        Arrays.stream(DetectionSpec.class.getRecordComponents())
                .map(RecordComponent::getName)
                .anyMatch(name::equals)
            ? spec.path("properties").path("detection").path("properties").path(name)
            : spec.path("properties").path(name);

    assertThat(field.path("description").asText()).endsWith(sentence(control));
  }

  /** "MITRE ATT&CK: mitigates T1, T2; detects T3." from the control's checks, in their order. */
  static String sentence(Control<?, ?, ?> control) {
    List<AttackMapping> mappings =
        control.info().audit().checks().stream().flatMap(c -> c.attack().stream()).toList();
    String mitigates = ids(mappings, AttackMapping.Relation.MITIGATES);
    String detects = ids(mappings, AttackMapping.Relation.DETECTS);
    StringBuilder sentence = new StringBuilder("MITRE ATT&CK: ");
    if (!mitigates.isEmpty()) {
      sentence.append("mitigates ").append(mitigates);
    }
    if (!detects.isEmpty()) {
      sentence.append(mitigates.isEmpty() ? "" : "; ").append("detects ").append(detects);
    }
    return sentence.append('.').toString();
  }

  private static String ids(List<AttackMapping> mappings, AttackMapping.Relation relation) {
    return mappings.stream()
        .filter(m -> m.relation() == relation)
        .map(m -> m.technique().id())
        .distinct()
        .collect(Collectors.joining(", "));
  }

  private static JsonNode spec(String file) throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(GENERATED.get(file));
    return crd.path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema")
        .path("properties")
        .path("spec");
  }
}
