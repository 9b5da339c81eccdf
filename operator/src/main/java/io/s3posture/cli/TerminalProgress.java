package io.s3posture.cli;

import java.io.PrintStream;
import java.util.Objects;

/** One line on a terminal's stderr, rewritten in place: "checked 37/1000 buckets". */
public final class TerminalProgress implements Progress {

  private final PrintStream terminal;
  private int total;
  private int checked;

  public TerminalProgress(PrintStream terminal) {
    this.terminal = Objects.requireNonNull(terminal, "terminal");
  }

  @Override
  public synchronized void started(int buckets) {
    total = buckets;
    checked = 0;
    show();
  }

  @Override
  public synchronized void bucketChecked() {
    checked++;
    show();
  }

  @Override
  public synchronized void finished() {
    terminal.print("\r\033[K");
    terminal.flush();
  }

  private void show() {
    terminal.print("\rchecked " + checked + "/" + total + " buckets");
    terminal.flush();
  }
}
