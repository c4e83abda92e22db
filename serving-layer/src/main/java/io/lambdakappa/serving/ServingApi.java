package io.lambdakappa.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakappa.runtime.JsonFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP JSON API, on Netty, bound to 127.0.0.1:
 *
 * <pre>
 *   GET /api/v1/lambda/metrics?key=K&amp;from=T1&amp;to=T2   batch ⊕ realtime windows, provenance
 *   GET /api/v1/kappa/metrics?key=K&amp;from=T1&amp;to=T2    the served Kappa version's windows
 *   GET /api/v1/{lambda|kappa}/quarantine?limit=N       the newest refused records
 *   GET /api/v1/oracle/metrics?key=K&amp;from=T1&amp;to=T2   a reference's windows (the live oracle)
 *   GET /api/v1/status                                  views, versions, lag, watermark, counts
 *   GET /api/v1/health                                  {"status":"ok"}
 *   GET /live?key=K                                     the classroom page over the above
 * </pre>
 *
 * Every answer but the page is JSON, errors too: a request Netty cannot parse, or a parameter that
 * is not what it should be (a malformed {@code %} escape included), is a 400 naming the problem; a
 * path that is not exactly an endpoint a 404; anything but GET a 405. Queries reach the store only
 * through parameterised SQL.
 *
 * <p>Connections are read by Netty's event loop, which never blocks, so a client that sends half a
 * request and waits holds nothing but its own connection, closed after {@value
 * #READ_TIMEOUT_SECONDS} s of silence. Answers are computed on a pool of workers (store reads
 * block), bounded so that the store's read connections are too.
 */
public final class ServingApi implements AutoCloseable {

  private static final int READ_TIMEOUT_SECONDS = 5;
  private static final int MAX_WORKERS = 16;
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = JsonFiles.mapper();

  /** The classroom page: one self-contained HTML file, read once. */
  private static final HtmlPage LIVE_PAGE = HtmlPage.resource("live.html");

  private final EventLoopGroup loop;
  private final ExecutorService workers;
  private final Channel channel;

  private ServingApi(EventLoopGroup loop, ExecutorService workers, Channel channel) {
    this.loop = loop;
    this.workers = workers;
    this.channel = channel;
  }

  /**
   * Starts the API with no reference beside the architectures.
   *
   * @see #start(int, List, Supplier, List)
   */
  public static ServingApi start(
      int port, List<ArchitectureServing> architectures, Supplier<Map<String, Object>> status)
      throws IOException {
    return start(port, architectures, status, List.of());
  }

  /**
   * Starts the API.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @param architectures what each architecture answers, under {@code /api/v1/{name}/metrics} and
   *     {@code /api/v1/{name}/quarantine}
   * @param status what {@code /api/v1/status} reports of each architecture, computed per request
   * @param references what the architectures are judged by as they run, served the same way, with
   *     their own status beside the architectures'
   */
  public static ServingApi start(
      int port,
      List<ArchitectureServing> architectures,
      Supplier<Map<String, Object>> status,
      List<ReferenceServing> references)
      throws IOException {
    Map<String, Function<String, Object>> endpoints = new LinkedHashMap<>();
    List<ArchitectureServing> served = new ArrayList<>(architectures);
    served.addAll(references);
    for (ArchitectureServing architecture : served) {
      endpoints.put(
          "/api/v1/" + architecture.name() + "/metrics",
          query -> {
            QueryParameters metrics = QueryParameters.fromQueryString(query);
            return architecture.metrics(metrics.key(), metrics.from(), metrics.to());
          });
      endpoints.put(
          "/api/v1/" + architecture.name() + "/quarantine",
          query -> architecture.quarantine(QueryParameters.limit(query)));
    }
    endpoints.put(
        "/api/v1/status",
        query -> {
          Map<String, Object> all = new LinkedHashMap<>(status.get());
          references.forEach(reference -> all.put(reference.name(), reference.status()));
          return all;
        });
    endpoints.put("/api/v1/health", query -> Map.of("status", "ok"));
    endpoints.put("/live", query -> LIVE_PAGE);

    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            MAX_WORKERS, MAX_WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    workers.allowCoreThreadTimeOut(true); // idle threads go; they start again on demand
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel channel =
          new ServerBootstrap()
              .group(loop)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel connection) {
                      connection
                          .pipeline()
                          .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(new Endpoints(endpoints, workers));
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
              .sync()
              .channel();
      return new ServingApi(loop, workers, channel);
    } catch (Exception e) {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownNow();
      throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String address() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownNow();
  }

  /** Routes each whole request to its endpoint, by exact path, and answers in JSON. */
  private static final class Endpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Function<String, Object>> endpoints;
    private final ExecutorService workers;

    Endpoints(Map<String, Function<String, Object>> endpoints, ExecutorService workers) {
      this.endpoints = endpoints;
      this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (request.decoderResult().isFailure()) {
        send(
            context,
            HttpResponseStatus.BAD_REQUEST,
            error("malformed request: " + request.decoderResult().cause().getMessage(), null),
            false);
        return;
      }
      // The raw path, never decoded: /api/v1/health/../status is not /api/v1/status.
      String uri = request.uri();
      int question = uri.indexOf('?');
      String path = question < 0 ? uri : uri.substring(0, question);
      String query = question < 0 ? null : uri.substring(question + 1);
      Function<String, Object> endpoint = endpoints.get(path);
      if (endpoint == null) {
        send(
            context,
            HttpResponseStatus.NOT_FOUND,
            error("no such endpoint: " + path, null),
            keepAlive);
        return;
      }
      if (!HttpMethod.GET.equals(request.method())) {
        Map<String, Object> body =
            error("method " + request.method() + " not allowed; use GET", null);
        send(context, HttpResponseStatus.METHOD_NOT_ALLOWED, body, keepAlive);
        return;
      }
      try {
        workers.execute(() -> answer(context, endpoint, query, keepAlive));
      } catch (RejectedExecutionException closing) {
        send(context, HttpResponseStatus.SERVICE_UNAVAILABLE, error("shutting down", null), false);
      }
    }

    private static void answer(
        ChannelHandlerContext context,
        Function<String, Object> endpoint,
        String query,
        boolean keepAlive) {
      try {
        send(context, HttpResponseStatus.OK, endpoint.apply(query), keepAlive);
      } catch (QueryParameters.BadParameter e) {
        send(
            context,
            HttpResponseStatus.BAD_REQUEST,
            error(e.getMessage(), e.parameter()),
            keepAlive);
      } catch (RuntimeException e) {
        send(
            context,
            HttpResponseStatus.INTERNAL_SERVER_ERROR,
            error("internal error: " + e.getMessage(), null),
            keepAlive);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close(); // a read timeout or a reset connection: nobody is waiting for an answer
    }
  }

  private static Map<String, Object> error(String message, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    return body;
  }

  private static void send(
      ChannelHandlerContext context, HttpResponseStatus status, Object body, boolean keepAlive) {
    byte[] bytes;
    String contentType = "application/json; charset=utf-8";
    try {
      if (body instanceof HtmlPage page) {
        bytes = page.bytes();
        contentType = "text/html; charset=utf-8";
      } else {
        bytes = JSON.writeValueAsBytes(body);
      }
    } catch (JsonProcessingException e) {
      status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
      bytes =
          ("{\"error\":\"cannot write the answer as JSON\"}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
    }
    if (keepAlive) {
      HttpUtil.setKeepAlive(response, true);
      context.writeAndFlush(response);
    } else {
      context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
