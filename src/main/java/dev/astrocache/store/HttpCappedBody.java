package dev.astrocache.store;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * client's request timeout ends when the headers arrive).
 */
final class HttpCappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("too large: the object has more than " + limit + " bytes, the most an entry may have");
    }
  }

  /** One daemon thread for every deadline; a body that completes cancels (removes) its own. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final long limit;
  private final long deadlineNanos;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final List<ByteBuffer> parts = new ArrayList<>();
  private long size;
  private Flow.Subscription subscription;
  private ScheduledFuture<?> deadline;

  private HttpCappedBody(long limit, long deadlineNanos) {
    this.limit = limit;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A handler giving each response a fresh body of at most {@code limit} bytes that must be
   * complete by {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  static HttpResponse.BodyHandler<byte[]> handler(long limit, long deadlineNanos) {
    return info -> new HttpCappedBody(limit, deadlineNanos);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
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
      size += b.remaining();
      parts.add(b);
    }
    if (size > limit) {
      fail(new TooLarge(limit));
    }
  }

  @Override
  public synchronized void onError(Throwable error) {
    deadline.cancel(false);
    parts.clear();
    body.completeExceptionally(error);
  }

  @Override
  public synchronized void onComplete() {
    if (body.isDone()) {
      return;
    }
    deadline.cancel(false);
    byte[] all = new byte[(int) size];
    int at = 0;
    for (ByteBuffer b : parts) {
      int n = b.remaining();
      b.get(all, at, n);
      at += n;
    }
    parts.clear();
    body.complete(all);
  }

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread t = new Thread(runnable, "astrocache-http-deadlines");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private synchronized void fail(IOException e) {
    if (body.completeExceptionally(e)) {
      deadline.cancel(false);
      parts.clear();
      subscription.cancel();
    }
  }
}
