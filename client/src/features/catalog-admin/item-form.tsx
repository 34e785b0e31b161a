import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import type { AdminItemFragment } from '../../gql/graphql';
import { ItemIdTaken, UpsertItem } from './admin-item';
import { EMPTY_ITEM_FORM, type ItemFormErrors, type ItemFormField, type ItemFormValues, itemToForm, parseItemForm } from './item-form-values';

interface Props {
  /** the item to edit; absent: a new one */
  item?: AdminItemFragment;
  onSaved: (item: AdminItemFragment, created: boolean) => void;
  onCancel: () => void;
}

const ORDER: ItemFormField[] = ['id', 'title', 'categories', 'description', 'publishedAt', 'hidden', 'attributes'];

/**
 * Add or edit one item. The form states every field, so saving replaces the item with what is shown
 * (an emptied field is cleared). A new id is checked first: upsertItems would otherwise replace an
 * existing item without a word.
 */
export function ItemForm({ item, onSaved, onCancel }: Props) {
  const uid = useId();
  const client = useApolloClient();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ItemFormValues>(() => (item ? itemToForm(item) : EMPTY_ITEM_FORM));
  const [errors, setErrors] = useState<ItemFormErrors>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const [upsert, { loading }] = useMutation(UpsertItem);
  const busy = loading || checking;
  const editing = !!item;

  // the form opens at the top of the page, maybe far from the row's Edit button: bring the cursor to it
  useEffect(() => {
    form.current?.querySelector<HTMLElement>(`[name="${editing ? 'title' : 'id'}"]`)?.focus();
  }, [editing]);

  const set = <K extends ItemFormField>(field: K, value: ItemFormValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const focusFirst = (found: ItemFormErrors) => {
    const first = ORDER.find((f) => found[f]);
    if (first) form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const submit = async () => {
    setServerError(null);
    const parsed = parseItemForm(values);
    if ('errors' in parsed) {
      setErrors(parsed.errors);
      focusFirst(parsed.errors);
      return;
    }
    setErrors({});
    try {
      if (!editing) {
        setChecking(true);
        const taken = await client
          .query({ query: ItemIdTaken, variables: { id: parsed.input.id }, fetchPolicy: 'network-only', errorPolicy: 'all' })
          .finally(() => setChecking(false));
        if (taken.data?.item) {
          const found = { id: `An item with id “${parsed.input.id}” already exists (${taken.data.item.displayTitle}). Choose another id, or edit that item.` };
          setErrors(found);
          focusFirst(found);
          return;
        }
      }
      const res = await upsert({ variables: { input: parsed.input } });
      const saved = res.data?.upsertItems[0];
      if (saved) onSaved(saved, !editing);
    } catch (e) {
      setServerError(e);
    }
  };

  const field = (name: ItemFormField) => ({
    id: `${uid}-${name}`,
    name,
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': [`${uid}-${name}-hint`, errors[name] ? `${uid}-${name}-error` : ''].filter(Boolean).join(' '),
  });
  const hint = (name: ItemFormField, text: string) => (
    <span className="hint" id={`${uid}-${name}-hint`}>
      {text}
    </span>
  );
  const error = (name: ItemFormField) =>
    errors[name] ? (
      <p className="field-error" id={`${uid}-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;

  return (
    <form
      ref={form}
      className="item-form card"
      aria-label={editing ? `Edit item ${item.id}` : 'Add an item'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{editing ? `Edit “${item.displayTitle}”` : 'Add an item'}</h2>
      <div className="field">
        <label htmlFor={`${uid}-id`}>ID</label>
        <input {...field('id')} value={values.id} onChange={(e) => set('id', e.target.value)} readOnly={editing} autoComplete="off" maxLength={128} />
        {hint('id', editing ? 'An item keeps its id.' : 'Your id for it, such as a product code or an article slug.')}
        {error('id')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-title`}>Title</label>
        <input {...field('title')} value={values.title} onChange={(e) => set('title', e.target.value)} maxLength={500} />
        {hint('title', 'As stored. A catalogue-order title such as “Empire Strikes Back, The” is shown as people say it.')}
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-categories`}>Categories</label>
        <input {...field('categories')} value={values.categories} onChange={(e) => set('categories', e.target.value)} />
        {hint('categories', 'Separated by commas, such as: Shoes, Running.')}
        {error('categories')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-description`}>Description</label>
        <textarea {...field('description')} value={values.description} onChange={(e) => set('description', e.target.value)} maxLength={10000} />
        {hint('description', 'Optional.')}
        {error('description')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-publishedAt`}>Published</label>
        <input {...field('publishedAt')} value={values.publishedAt} onChange={(e) => set('publishedAt', e.target.value)} placeholder="2024-05-01" />
        {hint('publishedAt', 'Optional: a date (2024-05-01), a year (1980), or a date and time in UTC (2024-05-01T09:30:00Z).')}
        {error('publishedAt')}
      </div>
      <div className="field">
        <label className="check">
          <input type="checkbox" {...field('hidden')} checked={values.hidden} onChange={(e) => set('hidden', e.target.checked)} />
          Hidden
        </label>
        {hint('hidden', 'A hidden item is never recommended nor listed as similar, but stays readable by id.')}
      </div>
      <div className="field">
        <label htmlFor={`${uid}-attributes`}>Attributes (JSON)</label>
        <textarea
          {...field('attributes')}
          className="attributes"
          value={values.attributes}
          onChange={(e) => set('attributes', e.target.value)}
          spellCheck={false}
          placeholder='{"brand": "Acme", "price": 12.5}'
        />
        {hint('attributes', 'Optional: any other facts, as one JSON object.')}
        {error('attributes')}
      </div>
      {serverError ? <ErrorNotice error={serverError} /> : null}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Add item'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
