/* global Scalar -- defined by scalar.js, loaded before this file */
// Renders /openapi.json with Scalar's bundle (served from our own node_modules, see ops.routes.ts).
// Everything that would reach beyond this origin is off: fonts, telemetry, the AI agent, MCP.
Scalar.createApiReference('#reference', {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: 'json',
  operationTitleSource: 'path',
});
