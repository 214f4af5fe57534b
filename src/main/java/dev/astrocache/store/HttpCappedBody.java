package dev.astrocache.store;

import dev.astrocache.base.DaemonThreads;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read into one array, up to a size limit and a deadline. Past the limit, or
 * the deadline, the download is cancelled: a server can neither make this process hold more
 * than the limit for one object nor hold a caller by stalling in the middle of a body (the
 * client's request timeout ends when the headers arrive). A {@code Content-Length} over the limit
 * is refused before any of the body is read; under it, the body is copied into an array of that
 * length as it arrives, so that it is held once (without one, into an array that grows).
 */
final class HttpCappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("too large: the object has more than " + limit + " bytes, the most an entry may have"
          + " (astrocache.remote.max.bytes)");
    }
  }

  /** One daemon thread for every deadline; a body that completes cancels (removes) its own. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final long limit;
  private final long deadlineNanos;
  /** The announced {@code Content-Length}, or -1. */
  private final long announced;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private byte[] bytes;
  private int size;
  private Flow.Subscription subscription;
  private ScheduledFuture<?> deadline;

  private HttpCappedBody(long limit, long deadlineNanos, long announced) {
    this.limit = limit;
    this.deadlineNanos = deadlineNanos;
    this.announced = announced;
  }

  /**
   * A handler giving each response a fresh body of at most {@code limit} bytes that must be
   * complete by {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  static HttpResponse.BodyHandler<byte[]> handler(long limit, long deadlineNanos) {
    return info -> new HttpCappedBody(limit, deadlineNanos,
        info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (announced > limit) {
      body.completeExceptionally(new TooLarge(limit));
      s.cancel(); // refused on its Content-Length, unread
      return;
    }
    bytes = new byte[announced >= 0 ? (int) announced : (int) Math.min(limit, 8192)];
    long left = Math.max(0, deadlineNanos - System.nanoTime());
    deadline = DEADLINES.schedule(
        () -> fail(new HttpTimeoutException("the body did not arrive in time")),
        left, TimeUnit.NANOSECONDS);
    s.request(Long.MAX_VALUE);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if ((long) size + n > limit) {
        fail(new TooLarge(limit));
        return;
      }
      if (size + n > bytes.length) {
        if (announced >= 0) {
          fail(new IOException("the body is longer than its Content-Length, " + announced));
          return;
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + n, 2L * bytes.length)));
      }
      b.get(bytes, size, n);
      size += n;
    }
  }

  @Override
  public synchronized void onError(Throwable error) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    bytes = null;
    body.completeExceptionally(error);
  }

  @Override
  public synchronized void onComplete() {
    if (body.isDone()) {
      return;
    }
    deadline.cancel(false);
    byte[] all = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    bytes = null;
    body.complete(all);
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, new DaemonThreads("astrocache-http-deadlines"));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private synchronized void fail(IOException e) {
    if (body.completeExceptionally(e)) {
      deadline.cancel(false);
      bytes = null;
      subscription.cancel();
    }
  }
}
