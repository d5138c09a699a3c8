import { afterAll, it } from '@jest/globals';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqsStandin } from '@bharatmart/cloud-standins';
import { createPostgresTestDatabase, describeWithService } from '@bharatmart/testkit';
import { expectTracedJourney } from './tracing-journey.js';

const REGION = 'ap-south-1';
const credentials = { accessKeyId: 'AKIDSTANDIN0000000000', secretAccessKey: 'standin-secret' };

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

await describeWithService('postgres', 'tracing across processes (PostgreSQL + SQS stand-in)', () => {
  it('the trace context rides in the SQS message: the charge is in the trace of the order that wrote it', async () => {
    const standin = await startSqsStandin({ region: REGION, accessKeyId: credentials.accessKeyId });
    cleanups.push(() => standin.stop());
    const client = new SQSClient({ region: REGION, endpoint: standin.url, credentials });
    cleanups.push(async () => client.destroy());
    const create = async (QueueName: string, Attributes: Record<string, string> = {}) =>
      (await client.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl ?? '';
    const deadLetters = await create('i19-tracing-dlq');
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetters, AttributeNames: ['QueueArn'] }),
    );
    const queueUrl = await create('i19-tracing', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 5 }),
    });
    const database = await createPostgresTestDatabase('i19_tracing_sqs');
    cleanups.push(database.drop);
    await expectTracedJourney(
      {
        DATABASE_TYPE: 'postgresql',
        DATABASE_URL: database.url,
        WORKER_MODE: 'sqs',
        SQS_QUEUE_URL: queueUrl,
        AWS_REGION: REGION,
        // The AWS SDK's own variables: the stand-in's endpoint and its test credentials.
        AWS_ENDPOINT_URL_SQS: standin.url,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      cleanups,
    );
  }, 180_000);
});
