package io.s3posture.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the CRD YAML from the Java types (the build runs this; {@code make crds} copies the
 * result into {@code crds/} and the chart). Printer columns keep the order they are declared in, so
 * {@code kubectl get} reads Mode, Buckets, ... Age rather than the generator's sort order; the
 * descriptions the generator leaves out are filled in ({@link CrdDescriptions}); each file starts a
 * YAML document, so that {@code helm show crds | kubectl apply -f -} reads two CRDs, not one.
 */
public final class CrdGenerator {

  static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(BucketPolicy.class, AccountPolicy.class);

  private CrdGenerator() {}

  /** CRD file name per resource class, e.g. {@code s3posture.io_bucketpolicies.yaml}. */
  static String fileName(Class<? extends HasMetadata> type) {
    return HasMetadata.getGroup(type) + "_" + HasMetadata.getPlural(type) + ".yaml";
  }

  public static void main(String[] args) throws IOException {
    Path outputDir = Path.of(args.length > 0 ? args[0] : "target/crds");
    Files.createDirectories(outputDir);
    for (Map.Entry<String, String> crd : generate().entrySet()) {
      Files.writeString(outputDir.resolve(crd.getKey()), crd.getValue());
    }
  }

  /** File name to YAML for every custom resource of the operator. */
  static Map<String, String> generate() {
    Map<String, String> files = new TreeMap<>();
    for (Class<? extends HasMetadata> type : RESOURCES) {
      ByteArrayOutputStream yaml = new ByteArrayOutputStream();
      new CRDGenerator()
          .customResourceClasses(type)
          .forCRDVersions("v1")
          .withMinQuotes(true)
          .withPostProcessor(new Tidy(type))
          .withOutput(new InMemoryOutput(yaml))
          .generate();
      // a document start of its own: `helm show crds` concatenates the files as they are
      files.put(fileName(type), "---\n" + yaml.toString(StandardCharsets.UTF_8));
    }
    return files;
  }

  /**
   * Printer columns in declaration order; validation rules once each (a record component's
   * annotation reaches the generator through both its field and its accessor).
   */
  private record Tidy(Class<?> type) implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String version) {
      for (CustomResourceDefinitionVersion v :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        dedupeRules(v.getSchema().getOpenAPIV3Schema());
        CrdDescriptions.apply(v.getSchema().getOpenAPIV3Schema(), type);
      }
      List<String> declared =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion v :
          ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = v.getAdditionalPrinterColumns();
        if (columns != null) {
          columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        }
      }
      return crd;
    }
  }

  private static void dedupeRules(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    List<ValidationRule> rules = schema.getXKubernetesValidations();
    if (rules != null) {
      schema.setXKubernetesValidations(new ArrayList<>(new LinkedHashSet<>(rules)));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(CrdGenerator::dedupeRules);
    }
    if (schema.getItems() != null) {
      dedupeRules(schema.getItems().getSchema());
    }
    if (schema.getAdditionalProperties() != null) {
      dedupeRules(schema.getAdditionalProperties().getSchema());
    }
  }

  private record InMemoryOutput(ByteArrayOutputStream target)
      implements CRDGenerator.CRDOutput<OutputStream> {
    @Override
    public OutputStream outputFor(String crdName) {
      return target;
    }

    @Override
    public void close() {}
  }
}
