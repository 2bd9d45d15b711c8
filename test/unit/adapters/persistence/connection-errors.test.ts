import { expect } from 'chai';
import { ConnectionRefusedError } from 'sequelize';
import {
  describeConnectionFailure,
  translatingConnectionErrors,
} from '../../../../src/adapters/persistence/connection-errors.js';
import { DependencyUnavailableError } from '../../../../src/application/errors/dependency-unavailable-error.js';

/** An error as pg and Node make them: a message and fields. */
const failure = (message: string, fields: Record<string, unknown>): Error =>
  Object.assign(new Error(message), fields);

describe('describeConnectionFailure', () => {
  it('tells a closed port, an unknown host and an unreachable one apart', () => {
    expect(
      describeConnectionFailure(
        failure('connect ECONNREFUSED 10.0.0.5:5433', {
          code: 'ECONNREFUSED',
          address: '10.0.0.5',
          port: 5433,
        }),
      ),
    ).to.equal('connection refused at 10.0.0.5:5433 (is PostgreSQL running there, on that port?)');
    expect(
      describeConnectionFailure(
        failure('getaddrinfo ENOTFOUND db.internal', {
          code: 'ENOTFOUND',
          hostname: 'db.internal',
        }),
      ),
    ).to.equal('host not found: db.internal');
    for (const code of ['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']) {
      expect(
        describeConnectionFailure(failure(code, { code, address: '10.0.0.5', port: 5432 })),
      ).to.equal('host unreachable at 10.0.0.5:5432');
    }
  });

  it('says authentication failed (28P01, 28000) and names a missing database (3D000)', () => {
    expect(
      describeConnectionFailure(
        failure('password authentication failed for user "app"', { code: '28P01' }),
      ),
    ).to.equal(
      'authentication failed: password authentication failed for user "app" (check the user and password in DATABASE_URL)',
    );
    expect(
      describeConnectionFailure(failure('database "bugport" does not exist', { code: '3D000' })),
    ).to.equal(
      'database "bugport" does not exist (create it, or fix the database name in DATABASE_URL)',
    );
  });

  it("finds the cause inside Sequelize's wrappers", () => {
    const wrapped = new ConnectionRefusedError(
      failure('connect ECONNREFUSED 127.0.0.1:1', {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 1,
      }),
    );
    expect(describeConnectionFailure(wrapped)).to.match(/^connection refused at 127\.0\.0\.1:1 /);
  });

  it('says nothing for an error without a code it knows', () => {
    expect(describeConnectionFailure(new Error('boom'))).to.equal(null);
    expect(describeConnectionFailure(failure('syntax error', { code: '42601' }))).to.equal(null);
  });

  it('puts the reason in the message of the DependencyUnavailableError', async () => {
    const refused = failure('connect ECONNREFUSED 127.0.0.1:1', {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 1,
    });
    const error: unknown = await translatingConnectionErrors('migrate', () =>
      Promise.reject(refused),
    ).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(DependencyUnavailableError);
    expect((error as Error).message).to.equal(
      'The database cannot be reached (migrate): connection refused at 127.0.0.1:1 (is PostgreSQL running there, on that port?)',
    );
  });
});
