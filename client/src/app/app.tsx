import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ApiPage } from '../features/api-docs/api-page';
import { CatalogAdminPage } from '../features/catalog-admin/catalog-admin-page';
import { CatalogPage } from '../features/catalog/catalog-page';
import { ComparePage } from '../features/compare/compare-page';
import { RecommendPage } from '../features/recommendations/recommend-page';
import { NewUserPage } from '../features/users/new-user-page';
import { Layout } from './layout';
import { lazyPage } from './lazy-page';

// the pages with charts load recharts on first visit, keeping the home page's bundle small
// (a chunk that fails to load shows a Retry, which imports it again)
const ItemPage = lazyPage(() => import('../features/catalog/item-page').then((m) => m.ItemPage), 'the item page');
const DashboardPage = lazyPage(() => import('../features/dashboard/dashboard-page').then((m) => m.DashboardPage), 'the dashboard');

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
    </div>
  );
}

export function App({ client }: { client: ApolloClient }) {
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<RecommendPage />} />
            <Route path="compare" element={<ComparePage />} />
            <Route path="new-user" element={<NewUserPage />} />
            <Route path="catalog" element={<CatalogPage />} />
            <Route path="admin/catalog" element={<CatalogAdminPage />} />
            <Route path="items/:id" element={<ItemPage />} />
            <Route path="dashboard" element={<DashboardPage />} />
            <Route path="api" element={<ApiPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
