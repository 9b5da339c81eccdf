package io.s3posture.docs;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What kubectl accepts for the project's kinds, from the generated CRDs in {@code crds/}: the
 * resource names (plural, singular, short names, categories, with or without the group) and the
 * field paths of each kind's schema.
 */
final class CrdVocabulary {

  static final String GROUP = "s3posture.io";

  private final Map<String, JSONSchemaProps> schemaByName = new HashMap<>();
  private final Set<String> categories = new HashSet<>();

  private CrdVocabulary() {}

  static CrdVocabulary fromRepository() {
    CrdVocabulary vocabulary = new CrdVocabulary();
    try (Stream<Path> files = Files.list(DocumentedCommands.REPOSITORY.resolve("crds"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          vocabulary.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return vocabulary;
  }

  private void add(CustomResourceDefinition crd) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    JSONSchemaProps schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    Set<String> all = new HashSet<>();
    all.add(names.getPlural());
    all.add(names.getSingular());
    all.add(names.getKind().toLowerCase());
    if (names.getShortNames() != null) {
      all.addAll(names.getShortNames());
    }
    for (String name : all) {
      schemaByName.put(name, schema);
      schemaByName.put(name + "." + GROUP, schema);
    }
    if (names.getCategories() != null) {
      categories.addAll(names.getCategories());
    }
  }

  /** A resource word that looks like one of ours (so a typo in it is caught). */
  boolean looksOurs(String resource) {
    String lower = resource.toLowerCase();
    return lower.contains("bucketpolic")
        || lower.contains("accountpolic")
        || lower.endsWith("." + GROUP)
        || lower.startsWith("s3posture");
  }

  boolean knows(String resource) {
    return schemaByName.containsKey(resource) || categories.contains(resource);
  }

  /** The kind's schema for a resource name, if it names one of our kinds (not a category). */
  Optional<JSONSchemaProps> schema(String resource) {
    return Optional.ofNullable(schemaByName.get(resource));
  }

  /** Whether {@code path} (field names from the object's root) exists in the schema. */
  static boolean hasPath(JSONSchemaProps schema, List<String> path) {
    if (!path.isEmpty() && List.of("metadata", "apiVersion", "kind").contains(path.get(0))) {
      return true; // ObjectMeta and the type fields are not spelt out in a CRD's schema
    }
    JSONSchemaProps node = schema;
    for (String field : path) {
      while (node.getItems() != null && node.getItems().getSchema() != null) {
        node = node.getItems().getSchema();
      }
      if (node.getProperties() != null && node.getProperties().containsKey(field)) {
        node = node.getProperties().get(field);
      } else if (node.getAdditionalProperties() != null
          && node.getAdditionalProperties().getSchema() != null) {
        node = node.getAdditionalProperties().getSchema();
      } else {
        return false;
      }
    }
    return true;
  }
}
