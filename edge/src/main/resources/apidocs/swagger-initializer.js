// Swagger UI on the edge's own document (no inline script: the GUI's nginx allows none). Everything is relative to
// this page, which the edge serves at /swagger-ui.html and the GUI's nginx at /api/swagger-ui.html.
(() => {
  const root = document.getElementById('swagger-ui');
  // Where this page was served from is where the API is: /, or /api behind nginx.
  const apiBase = new URL('.', window.location.href).href.replace(/\/$/, '');
  fetch('v3/api-docs', { headers: { Accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) {
        throw new Error(`GET v3/api-docs answered ${response.status}`);
      }
      return response.json();
    })
    .then((spec) => {
      // A server given as a path (the document's "/") means the edge serving the document: resolve it against
      // this page, not against the origin's root, so that "Try it out" also works under nginx's /api/.
      spec.servers = (spec.servers || []).map((server) => (server.url.startsWith('/')
        ? { ...server, url: apiBase + server.url.replace(/\/$/, '') }
        : server));
      window.ui = SwaggerUIBundle({
        spec,
        dom_id: '#swagger-ui',
        deepLinking: true,
        // no call to the public validator service
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis],
        layout: 'BaseLayout',
      });
    })
    .catch((error) => {
      root.textContent = `The API document could not be loaded: ${error.message}`;
    });
})();
