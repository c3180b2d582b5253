import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

export const BODY_LIMIT = '32kb';

/** JSON only: a body with any other media type is 415; an empty body is fine. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', {
      detail: 'Send the request body as application/json.',
    });
  }
  next();
};

export const jsonBody: RequestHandler = express.json({ limit: BODY_LIMIT, strict: true, type: 'application/json' });
