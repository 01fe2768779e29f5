/** What frontend plugins need of the router; the shell owns the router itself. */
export { Link, NavLink, Navigate, useLocation, useNavigate, useParams, useSearchParams, generatePath } from "react-router";
