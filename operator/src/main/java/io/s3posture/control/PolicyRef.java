package io.s3posture.control;

import java.util.Objects;

/**
 * A policy by kind, namespace ("" for cluster-scoped) and name; {@code uid} tells a re-created
 * policy apart. Policies are ordered by kind, namespace and name: when two incompatible policies
 * both leave a bucket unprotected, the first one's requirement is written.
 */
public record PolicyRef(String kind, String namespace, String name, String uid)
    implements Comparable<PolicyRef> {

  public PolicyRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  @Override
  public int compareTo(PolicyRef other) {
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0) {
      return byKind;
    }
    int byNamespace = namespace.compareTo(other.namespace);
    return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
