import { BadRequestException, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@trialdata/common';

function flatten(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({
        field,
        message: message.startsWith(`property ${e.property} should not exist`)
          ? 'unknown field'
          : message.replace(new RegExp(`^${e.property} `), ''),
      });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The one validation pipe: transforms, strips nothing silently (unknown fields are refused). */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        message: `Invalid request: ${list.map((e) => `${e.field} ${e.message}`).join('; ')}`,
        errors: list,
      });
    },
  });
}
