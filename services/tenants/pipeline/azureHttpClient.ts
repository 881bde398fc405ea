// The Azure SDK's HttpClient over the project's Transport, so Azure SDK clients (Key Vault) leave the
// process the way every tenant request does: the real host live, the sandbox's loopback with the real
// host in a header otherwise. The SDK keeps seeing its https URL, which it insists on before it sends a
// bearer token; only the transport knows where the bytes go.
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { Transport } from './transport.js';

export function azureHttpClient(transport: Transport): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const body = request.body;
      if (body !== undefined && body !== null && typeof body !== 'string') {
        // Key Vault's secret reads send no body; streams and forms are not needed here, so say so plainly.
        throw new Error('azureHttpClient sends string bodies only');
      }
      const response = await transport(new URL(request.url), {
        method: request.method,
        headers: request.headers.toJSON({ preserveCase: true }),
        body: body ?? undefined,
        signal: request.abortSignal as AbortSignal | undefined,
      });
      const headers = createHttpHeaders();
      response.headers.forEach((value, name) => headers.set(name, value));
      return { request, status: response.status, headers, bodyAsText: await response.text() };
    },
  };
}
