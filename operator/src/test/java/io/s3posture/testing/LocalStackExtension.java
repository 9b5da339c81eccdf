package io.s3posture.testing;

import io.s3posture.localstack.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the local stack (etcd + kube-apiserver + moto) once per test run and stops it when the run
 * ends, whatever the outcome. Server logs stay in {@code target/local-stack/logs}.
 *
 * <p>Tests receive a {@link TestStack} as a constructor, lifecycle or test method parameter.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context);
  }

  static TestStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            TestStack.class,
            key ->
                new TestStack(LocalStack.start(Path.of("target", "local-stack").toAbsolutePath())),
            TestStack.class);
  }
}
