package io.s3posture.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3control.model.NoSuchPublicAccessBlockConfigurationException;

/**
 * Proves the local stack is real: a CRD round trip on kube-apiserver, S3 and S3 Control on moto.
 */
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

  @Test
  void apiServerStoresAndServesACustomResourceDefinition(TestStack stack) {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("widgets.stack.test")
            .endMetadata()
            .withNewSpec()
            .withGroup("stack.test")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Widget")
            .withPlural("widgets")
            .withSingular("widget")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();

    stack
        .kubernetes()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(crd)
        .serverSideApply();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              CustomResourceDefinition stored =
                  stack
                      .kubernetes()
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName("widgets.stack.test")
                      .get();
              assertThat(stored.getSpec().getGroup()).isEqualTo("stack.test");
              assertThat(stored.getStatus().getConditions())
                  .anySatisfy(
                      condition -> {
                        assertThat(condition.getType()).isEqualTo("Established");
                        assertThat(condition.getStatus()).isEqualTo("True");
                      });
            });
  }

  @Test
  void motoStoresABucketPublicAccessBlock(TestStack stack) {
    String bucket = TestStack.uniqueBucketName("stack");
    stack.s3().createBucket(request -> request.bucket(bucket));

    assertThatThrownBy(() -> stack.s3().getPublicAccessBlock(request -> request.bucket(bucket)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("NoSuchPublicAccessBlockConfiguration"));

    stack
        .s3()
        .putPublicAccessBlock(
            request ->
                request
                    .bucket(bucket)
                    .publicAccessBlockConfiguration(
                        PublicAccessBlockConfiguration.builder()
                            .blockPublicAcls(true)
                            .ignorePublicAcls(true)
                            .blockPublicPolicy(false)
                            .restrictPublicBuckets(true)
                            .build()));

    PublicAccessBlockConfiguration stored =
        stack
            .s3()
            .getPublicAccessBlock(request -> request.bucket(bucket))
            .publicAccessBlockConfiguration();
    assertThat(stored.blockPublicAcls()).isTrue();
    assertThat(stored.ignorePublicAcls()).isTrue();
    assertThat(stored.blockPublicPolicy()).isFalse();
    assertThat(stored.restrictPublicBuckets()).isTrue();
  }

  @Test
  @ResourceLock(TestLocks.MOTO_ACCOUNT)
  void motoStoresTheAccountPublicAccessBlockThroughS3Control(TestStack stack) {
    var s3Control = stack.s3Control();
    s3Control.deletePublicAccessBlock(request -> request.accountId(TestStack.ACCOUNT_ID));
    assertThatThrownBy(
            () ->
                s3Control.getPublicAccessBlock(request -> request.accountId(TestStack.ACCOUNT_ID)))
        .isInstanceOf(NoSuchPublicAccessBlockConfigurationException.class);

    s3Control.putPublicAccessBlock(
        request ->
            request
                .accountId(TestStack.ACCOUNT_ID)
                .publicAccessBlockConfiguration(
                    configuration ->
                        configuration
                            .blockPublicAcls(true)
                            .ignorePublicAcls(false)
                            .blockPublicPolicy(true)
                            .restrictPublicBuckets(false)));

    var stored =
        s3Control
            .getPublicAccessBlock(request -> request.accountId(TestStack.ACCOUNT_ID))
            .publicAccessBlockConfiguration();
    assertThat(stored.blockPublicAcls()).isTrue();
    assertThat(stored.ignorePublicAcls()).isFalse();
    assertThat(stored.blockPublicPolicy()).isTrue();
    assertThat(stored.restrictPublicBuckets()).isFalse();
    s3Control.deletePublicAccessBlock(request -> request.accountId(TestStack.ACCOUNT_ID));
  }
}
