import { Button, Checkbox, Fieldset, Group, NativeSelect, NumberInput, PasswordInput, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useId, useState } from "react";
import {
  fieldKindOf,
  formatJsonText,
  initialValueOf,
  joinPath,
  labelOf,
  parseJsonText,
  REDACTED_SECRET,
  type JsonSchema,
} from "./schema-model";

export interface SchemaFormProps {
  /** JSON Schema of an object (a strategy's or channel's config). */
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Field path → message, as the server reported them ("url", "expected.values.0"). */
  errors?: Record<string, string>;
  disabled?: boolean;
}

interface FieldProps {
  name: string;
  label: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
  required: boolean;
  errors: Record<string, string>;
  disabled: boolean;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function describe(schema: JsonSchema, extra?: string): string | undefined {
  const parts = [schema.description, extra].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/**
 * A form generated from a JSON Schema: one labelled input per field, nested
 * objects as fieldsets, lists and maps with add/remove, secrets write-only,
 * and the server's message under the field it names.
 */
export function SchemaForm(props: SchemaFormProps) {
  return (
    <ObjectFields
      schema={props.schema}
      value={props.value}
      onChange={props.onChange}
      path=""
      errors={props.errors ?? {}}
      disabled={props.disabled ?? false}
    />
  );
}

function ObjectFields(props: { schema: JsonSchema; value: unknown; onChange: (value: unknown) => void; path: string; errors: Record<string, string>; disabled: boolean }) {
  const record = asRecord(props.value);
  return (
    <Stack gap="sm">
      {Object.entries(props.schema.properties ?? {}).map(([name, child]) => (
        <SchemaField
          key={name}
          name={name}
          label={labelOf(name, child)}
          schema={child}
          value={record[name]}
          path={joinPath(props.path, name)}
          required={props.schema.required?.includes(name) ?? false}
          errors={props.errors}
          disabled={props.disabled}
          onChange={(next) => {
            const updated = { ...record };
            if (next === undefined) delete updated[name];
            else updated[name] = next;
            props.onChange(updated);
          }}
        />
      ))}
    </Stack>
  );
}

function SchemaField(props: FieldProps) {
  const { schema, value, onChange, label, required, disabled } = props;
  const error = props.errors[props.path];
  const common = { label, required, disabled, error, description: describe(schema) };
  switch (fieldKindOf(schema)) {
    case "secret":
      return <SecretField {...props} />;
    case "enum": {
      const options = (schema.enum as string[]).map((option) => ({ value: option, label: option }));
      return (
        <NativeSelect
          {...common}
          data={required || schema.default !== undefined ? options : [{ value: "", label: "(not set)" }, ...options]}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.currentTarget.value === "" ? undefined : event.currentTarget.value)}
        />
      );
    }
    case "text":
      return (
        <TextInput
          {...common}
          type={schema.format === "uri" ? "url" : "text"}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.currentTarget.value === "" && !required ? undefined : event.currentTarget.value)}
        />
      );
    case "multiline":
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.currentTarget.value === "" && !required ? undefined : event.currentTarget.value)}
        />
      );
    case "integer":
    case "number":
      return (
        <NumberInput
          {...common}
          allowDecimal={fieldKindOf(schema) === "number"}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof value === "number" ? value : ""}
          onChange={(next) => onChange(typeof next === "number" ? next : next === "" ? undefined : Number(next))}
        />
      );
    case "boolean":
      return (
        <Checkbox
          label={label}
          disabled={disabled}
          error={error}
          description={describe(schema)}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case "object":
      return (
        <Fieldset legend={label} disabled={disabled}>
          {error ? <FieldError message={error} /> : null}
          <ObjectFields schema={schema} value={value} onChange={onChange} path={props.path} errors={props.errors} disabled={disabled} />
        </Fieldset>
      );
    case "list":
      return <ListField {...props} />;
    case "record":
      return <RecordField {...props} />;
    case "json":
      return (
        <TextInput
          {...common}
          description={describe(schema, "A value or JSON (a number, text, a list such as [200, 204]).")}
          value={formatJsonText(value)}
          onChange={(event) => onChange(parseJsonText(event.currentTarget.value))}
        />
      );
  }
}

/**
 * Write-only: the stored value is never shown (the server sends it redacted).
 * Left empty, the field sends the redacted marker back, which keeps the stored secret.
 */
function SecretField(props: FieldProps) {
  const [hadStored] = useState(props.value === REDACTED_SECRET);
  const typed = typeof props.value === "string" && props.value !== REDACTED_SECRET ? props.value : "";
  return (
    <PasswordInput
      label={props.label}
      required={props.required && !hadStored}
      disabled={props.disabled}
      error={props.errors[props.path]}
      description={describe(props.schema, hadStored ? "A value is stored; leave empty to keep it." : "Write-only: it is never shown again.")}
      autoComplete="new-password"
      value={typed}
      onChange={(event) => {
        const next = event.currentTarget.value;
        props.onChange(next !== "" ? next : hadStored ? REDACTED_SECRET : props.required ? "" : undefined);
      }}
    />
  );
}

function FieldError(props: { message: string }) {
  return (
    <Text c="red" size="sm" role="alert">
      {props.message}
    </Text>
  );
}

function ListField(props: FieldProps) {
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const error = props.errors[props.path];
  return (
    <Fieldset legend={props.label} disabled={props.disabled}>
      <Stack gap="xs">
        {props.schema.description ? <Text size="sm" c="dimmed">{props.schema.description}</Text> : null}
        {error ? <FieldError message={error} /> : null}
        {items.length === 0 ? <Text size="sm" c="dimmed">None yet.</Text> : null}
        {items.map((item, index) => (
          <Group key={index} align="flex-end" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <SchemaField
                name={String(index)}
                label={`${props.label} ${index + 1}`}
                schema={itemSchema}
                value={item}
                path={joinPath(props.path, index)}
                required
                errors={props.errors}
                disabled={props.disabled}
                onChange={(next) => props.onChange(items.map((existing, at) => (at === index ? next : existing)))}
              />
            </div>
            <Button variant="subtle" color="red" onClick={() => props.onChange(items.filter((_, at) => at !== index))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button variant="light" size="xs" onClick={() => props.onChange([...items, initialValueOf(itemSchema) ?? (fieldKindOf(itemSchema) === "text" ? "" : undefined)])}>
            Add {props.label.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

function RecordField(props: FieldProps) {
  const entries = Object.entries(asRecord(props.value));
  const valueSchema = typeof props.schema.additionalProperties === "object" ? props.schema.additionalProperties : {};
  const error = props.errors[props.path];
  const keyId = useId();
  const write = (next: Array<[string, unknown]>) => props.onChange(Object.fromEntries(next));
  return (
    <Fieldset legend={props.label} disabled={props.disabled}>
      <Stack gap="xs">
        {props.schema.description ? <Text size="sm" c="dimmed">{props.schema.description}</Text> : null}
        {error ? <FieldError message={error} /> : null}
        {entries.length === 0 ? <Text size="sm" c="dimmed">None yet.</Text> : null}
        {entries.map(([key, entryValue], index) => (
          <Group key={`${keyId}-${index}`} align="flex-start" wrap="wrap">
            <TextInput
              label={`Name ${index + 1}`}
              value={key}
              error={props.errors[joinPath(props.path, key)] && fieldKindOf(valueSchema) === "json" ? props.errors[joinPath(props.path, key)] : undefined}
              onChange={(event) => write(entries.map(([k, v], at) => (at === index ? [event.currentTarget.value, v] : [k, v])))}
            />
            <div style={{ flex: 1, minWidth: 160 }}>
              <SchemaField
                name={key}
                label={`Value ${index + 1}`}
                schema={valueSchema}
                value={entryValue}
                path={joinPath(props.path, key)}
                required
                errors={props.errors}
                disabled={props.disabled}
                onChange={(next) => write(entries.map(([k, v], at) => (at === index ? [k, next] : [k, v])))}
              />
            </div>
            <Button mt={24} variant="subtle" color="red" onClick={() => write(entries.filter((_, at) => at !== index))}>
              Remove
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => {
              let name = "name";
              for (let n = 2; entries.some(([k]) => k === name); n++) name = `name${n}`;
              write([...entries, [name, fieldKindOf(valueSchema) === "secret" || fieldKindOf(valueSchema) === "text" ? "" : initialValueOf(valueSchema)]]);
            }}
          >
            Add {props.label.toLowerCase()} entry
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
