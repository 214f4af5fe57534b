package dev.astrocache.store;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into one array, up to a limit: past it the download is cancelled, so a
 * server cannot make this process hold more than the limit for one object.
 */
final class HttpCappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was longer than the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("too large: the object has more than " + limit + " bytes, the most an entry may have");
    }
  }

  private final long limit;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final List<ByteBuffer> parts = new ArrayList<>();
  private long size;
  private Flow.Subscription subscription;

  HttpCappedBody(long limit) {
    this.limit = limit;
  }

  /** A handler giving each response a fresh capped body. */
  static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> new HttpCappedBody(limit);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      size += b.remaining();
      parts.add(b);
    }
    if (size > limit) {
      parts.clear();
      subscription.cancel();
      body.completeExceptionally(new TooLarge(limit));
    }
  }

  @Override
  public void onError(Throwable error) {
    parts.clear();
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    if (body.isDone()) {
      return;
    }
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
}
