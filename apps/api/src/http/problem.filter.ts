import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, type FieldError } from '@trialdata/common';

export const PROBLEM_BASE = 'https://trialdata.org/problems/';
/** JSON bodies above this size are refused (express body-parser syntax). */
export const BODY_LIMIT_TEXT = '256kb';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES: Record<number, string> = {
  400: 'validation',
  401: 'authentication',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  422: 'rule-violation',
  429: 'too-many-requests',
  500: 'internal',
  503: 'unavailable',
};

/**
 * The one exception filter: every error leaves as RFC 9457 application/problem+json. Domain errors
 * carry their own status; HTTP exceptions keep theirs; anything else is a 500 with an error id that
 * is logged with the stack and reveals nothing else.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception, req);
    if (res.headersSent) return;
    // 429 (slow down) and 503 (Redis away): the client is told when to try again.
    if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number')
      res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, req: Request): Problem {
    if (exception instanceof DomainError) {
      return {
        type: PROBLEM_BASE + exception.code,
        title: TITLES[exception.status] ?? 'Error',
        status: exception.status,
        detail: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.extra ?? {}),
      };
    }
    if (exception instanceof ThrottlerException) {
      return {
        type: PROBLEM_BASE + 'too-many-requests',
        title: TITLES[429],
        status: 429,
        detail: 'Too many requests; slow down and try again shortly',
      };
    }
    if (exception instanceof HttpException && exception.getStatus() === 413) {
      // The contract (API.md) answers all bad input with 400; the type says which kind.
      return {
        type: PROBLEM_BASE + 'payload-too-large',
        title: TITLES[400],
        status: 400,
        detail: `The request body is larger than the ${BODY_LIMIT_TEXT} limit`,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as string | { message?: unknown; errors?: FieldError[] };
      const detail =
        typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? exception.message);
      return {
        type: PROBLEM_BASE + (CODES[status] ?? 'http'),
        title: TITLES[status] ?? 'Error',
        status,
        detail,
        ...(typeof body === 'object' && body.errors ? { errors: body.errors } : {}),
      };
    }
    const bodyParser = bodyParserProblem(exception);
    if (bodyParser) return bodyParser;
    const database = databaseProblem(exception);
    if (database) return database;
    const errorId = randomUUID();
    // Never log the error object itself: a database error carries every query parameter (emails,
    // password hashes, contact ciphertext). Name, message, SQLSTATE and stack are enough.
    const err = exception as { name?: string; message?: string; stack?: string; code?: string; driverError?: { code?: string } };
    const safe = { type: err?.name, message: err?.message, code: err?.driverError?.code ?? err?.code, stack: err?.stack };
    this.logger.error({ errorId, method: req.method, url: req.originalUrl, err: safe }, `Unhandled error ${errorId}`);
    return {
      type: PROBLEM_BASE + 'internal',
      title: TITLES[500],
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: `An unexpected error occurred; quote error id ${errorId}`,
      errorId,
    };
  }
}

/** body-parser reports malformed and oversized bodies as errors with a `type`; both are bad input. */
export function bodyParserProblem(e: unknown): Problem | null {
  const err = e as { type?: string; status?: number; limit?: number; message?: string };
  if (!err || typeof err !== 'object' || typeof err.type !== 'string') return null;
  switch (err.type) {
    case 'entity.parse.failed':
      return { type: PROBLEM_BASE + 'malformed-body', title: TITLES[400], status: 400, detail: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return {
        type: PROBLEM_BASE + 'payload-too-large',
        title: TITLES[400],
        status: 400,
        detail: `The request body is larger than the ${BODY_LIMIT_TEXT} limit`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return {
        type: PROBLEM_BASE + 'malformed-body',
        title: TITLES[400],
        status: 400,
        detail: err.message ?? 'The request body could not be read',
      };
    default:
      return null;
  }
}

/**
 * A backstop for input the validators let through but PostgreSQL refuses: data exceptions (class 22)
 * are bad input, unique violations (23505) a conflict. Neither reveals the failing value.
 */
export function databaseProblem(e: unknown): Problem | null {
  const code = (e as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (e as { code?: string })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith('22'))
    return {
      type: PROBLEM_BASE + 'validation',
      title: TITLES[400],
      status: 400,
      detail: 'A value in the request cannot be stored (out of range or malformed)',
    };
  if (code === '23505') return { type: PROBLEM_BASE + 'conflict', title: TITLES[409], status: 409, detail: 'This already exists' };
  return null;
}
