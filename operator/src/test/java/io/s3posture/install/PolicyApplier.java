package io.s3posture.install;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Applies BucketPolicy manifests with server-side apply under one field manager, as a person or
 * Argo CD would: the managed fields then show who owns the spec.
 */
record PolicyApplier(KubernetesClient client, String fieldManager) {

  BucketPolicy apply(String manifest) {
    BucketPolicy policy =
        client
            .resources(BucketPolicy.class)
            .load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
            .item();
    return client.resource(policy).fieldManager(fieldManager).serverSideApply();
  }
}
