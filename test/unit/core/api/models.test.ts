import * as assert from 'node:assert/strict';
import { listModels, parseModelList } from '../../../../src/core/api/models';
import { countingListener } from '../../../support/countingListener';
import { FakeServer, HTML_502, openAiModelList } from '../../../support/fakeServer';

const KEY = 'sk-unit-models-91ab';

describe('model list (GET /v1/models)', () => {
  let server: FakeServer;
  before(async () => (server = await FakeServer.start()));
  after(() => server.close());
  beforeEach(() => server.reset());

  it("reads OpenAI's {data:[{id}]}, sorted, each once, sending the key to /v1/models", async () => {
    server.setModels(openAiModelList(['gpt-5.2', 'gpt-5.2-mini', 'gpt-4.1', 'gpt-5.2']));
    assert.deepEqual(await listModels({ baseUrl: `${server.url}/v1/`, apiKey: KEY }), ['gpt-4.1', 'gpt-5.2', 'gpt-5.2-mini']);
    const [request] = server.requests;
    assert.equal(request.method, 'GET');
    assert.equal(request.path, '/v1/models');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
  });

  it("is undefined for a relay's HTML 404 and for a JSON 404 (the endpoint does not list models)", async () => {
    server.setModels({ status: 404, contentType: 'text/html', body: HTML_502.replace(/502 Bad Gateway/g, '404 Not Found') });
    assert.equal(await listModels({ baseUrl: server.url, apiKey: KEY }), undefined);
    server.setModels(undefined);
    assert.equal(await listModels({ baseUrl: server.url, apiKey: KEY }), undefined, 'the fake server answers an unknown path with a JSON 404');
  });

  it('is an empty list for an empty data array, and undefined for other shapes or an HTML 200', () => {
    assert.deepEqual(parseModelList(200, 'application/json', '{"object":"list","data":[]}'), []);
    assert.equal(parseModelList(200, 'application/json', '{"models":["a"]}'), undefined);
    assert.equal(parseModelList(200, 'application/json', 'not json'), undefined);
    assert.equal(parseModelList(200, 'text/html', '<html>{"data":[{"id":"a"}]}</html>'), undefined);
    assert.deepEqual(parseModelList(200, 'application/json; charset=utf-8', '{"data":[{"id":"b"},{"id":""},{"name":"x"},{"id":"a"}]}'), ['a', 'b']);
  });

  it('is undefined when nothing listens', async () => {
    const closed = await FakeServer.start();
    const url = closed.url;
    await closed.close();
    assert.equal(await listModels({ baseUrl: url, apiKey: KEY }), undefined);
  });

  it('never sends the key over plain http to another machine, like every other request', async () => {
    const listener = await countingListener();
    try {
      assert.equal(await listModels({ baseUrl: listener.url, apiKey: KEY }), undefined);
      assert.equal(await listener.others(), 0, 'nothing connected');
    } finally {
      await listener.close();
    }
  });
});
