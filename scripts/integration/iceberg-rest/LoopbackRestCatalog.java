/*
 * Apache Iceberg's REST catalog server (RESTCatalogServer, the code of the apache/iceberg-rest-fixture
 * image), bound to 127.0.0.1 only: RESTCatalogServer itself listens on every interface. The backend
 * catalog, the servlet and the handlers are RESTCatalogServer's own; only the listening address
 * differs. Configuration as RESTCatalogServer's: CATALOG_* environment variables, port rest.port.
 */
package org.apache.iceberg.rest;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

public final class LoopbackRestCatalog {
  private LoopbackRestCatalog() {}

  public static void main(String[] args) throws Exception {
    RESTCatalogServer server = new RESTCatalogServer();
    Method initialize = RESTCatalogServer.class.getDeclaredMethod("initializeBackendCatalog");
    initialize.setAccessible(true);
    RESTCatalogServer.CatalogContext context = (RESTCatalogServer.CatalogContext) initialize.invoke(server);
    int port = Integer.parseInt(context.configuration().getOrDefault(RESTCatalogServer.REST_PORT, "8181"));

    ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    handler.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTServerCatalogAdapter(context))), "/*");
    handler.insertHandler(new GzipHandler());
    Server http = new Server(new InetSocketAddress("127.0.0.1", port));
    http.setHandler(handler);
    http.start();
    http.join();
  }
}
