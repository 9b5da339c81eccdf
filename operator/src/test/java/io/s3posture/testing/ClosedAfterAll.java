package io.s3posture.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test resource that, registered on a static field with {@code @RegisterExtension}, is closed
 * when its class is done: a stub server started in the field's initialiser, for instance.
 */
public interface ClosedAfterAll extends AutoCloseable, AfterAllCallback {

  @Override
  default void afterAll(ExtensionContext context) throws Exception {
    close();
  }
}
