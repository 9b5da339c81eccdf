package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A custom resource definition as the API server applies it on create: the CRD generated into crds/
 * and bundled in the jar (crds/&lt;group&gt;_&lt;plural&gt;.yaml), never a copy. {@link #admit}
 * does what the server does to a manifest, in its order: strict field validation (unknown fields
 * refused), null pruning, defaulting, metadata.name, OpenAPI validation, then the CEL rules
 * (skipped, as on the server, when an earlier error makes them unreliable).
 */
public final class CrdSchema {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** ObjectMeta's fields: anything else under metadata is an unknown field. */
  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private static final String DNS_SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
          + " used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  private final String group;
  private final String kind;
  private final String version;
  private final Schema root;
  private final CelRules rules;

  private CrdSchema(String group, String kind, String version, Schema root) {
    this.group = group;
    this.kind = kind;
    this.version = version;
    this.root = root;
    this.rules = new CelRules(root);
  }

  /** The bundled CRD of a custom resource class. */
  public static CrdSchema of(Class<? extends HasMetadata> type) {
    String resource =
        "/crds/" + HasMetadata.getGroup(type) + "_" + HasMetadata.getPlural(type) + ".yaml";
    try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not in the jar: the build bundles crds/");
      }
      return parse(YAML.readTree(in), HasMetadata.getVersion(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CRD document and the version whose schema applies. */
  public static CrdSchema parse(JsonNode crd, String version) {
    JsonNode spec = crd.path("spec");
    for (JsonNode v : spec.path("versions")) {
      if (v.path("name").asText().equals(version)) {
        return new CrdSchema(
            spec.path("group").asText(),
            spec.path("names").path("kind").asText(),
            version,
            Schema.parse(v.path("schema").path("openAPIV3Schema")));
      }
    }
    throw new IllegalArgumentException("the CRD has no version " + version);
  }

  public String kind() {
    return kind;
  }

  /** group/version, e.g. s3posture.io/v1alpha1. */
  public String apiVersion() {
    return group + "/" + version;
  }

  /** Creates nothing: answers what the API server would for a create of {@code manifest}. */
  public Admission admit(JsonNode manifest) {
    Objects.requireNonNull(manifest, "manifest");
    String resource = kind + "." + group;
    String name = manifest.path("metadata").path("name").asText("");
    List<String> unknown = new ArrayList<>(unknownMetadata(manifest.path("metadata")));
    ObjectNode object = manifest.deepCopy();
    object.remove(List.of("apiVersion", "kind", "metadata"));
    unknown.addAll(Pruning.unknownFields(object, root, ""));
    if (!unknown.isEmpty()) {
      return new Admission(kind, version, resource, name, Optional.empty(), unknown, List.of());
    }
    Pruning.pruneNulls(object, root);
    Pruning.applyDefaults(object, root);
    // the status subresource: a create never sets status
    object.remove("status");
    List<FieldError> errors = new ArrayList<>(metadataErrors(name));
    errors.addAll(OpenApiValidation.validate(object, root, ""));
    if (errors.stream().anyMatch(CrdSchema::blocksRules)) {
      errors.add(
          FieldError.invalid(
              "<nil>",
              null,
              "some validation rules were not checked because the object was invalid; correct"
                  + " the existing errors to complete validation"));
    } else {
      errors.addAll(rules.validate(object, root, ""));
    }
    List<FieldError> distinct = errors.stream().filter(distinctByText()).toList();
    if (!distinct.isEmpty()) {
      return new Admission(kind, version, resource, name, Optional.empty(), List.of(), distinct);
    }
    ObjectNode stored = YAML.createObjectNode();
    stored.set("apiVersion", manifest.path("apiVersion"));
    stored.set("kind", manifest.path("kind"));
    stored.set("metadata", manifest.path("metadata").deepCopy());
    stored.setAll(object);
    return new Admission(kind, version, resource, name, Optional.of(stored), List.of(), List.of());
  }

  private static Predicate<FieldError> distinctByText() {
    Set<String> seen = new HashSet<>();
    return error -> seen.add(error.toString());
  }

  /** Errors after which the API server does not run the CEL rules (hasBlockingErr). */
  private static boolean blocksRules(FieldError error) {
    return switch (error.type()) {
      case NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
      default -> false;
    };
  }

  private static List<String> unknownMetadata(JsonNode metadata) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = metadata.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!OBJECT_META.contains(name)) {
        unknown.add("metadata." + name);
      }
    }
    unknown.sort(null);
    return unknown;
  }

  private static List<FieldError> metadataErrors(String name) {
    if (name.isEmpty()) {
      return List.of(FieldError.required("metadata.name", "name or generateName is required"));
    }
    List<FieldError> errors = new ArrayList<>();
    if (name.length() > 253) {
      errors.add(FieldError.invalid("metadata.name", name, "must be no more than 253 characters"));
    }
    if (!DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add(FieldError.invalid("metadata.name", name, DNS_SUBDOMAIN_MESSAGE));
    }
    return errors;
  }
}
